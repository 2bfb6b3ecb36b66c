import type { AnyWorkflowDefinition, Label, StateDescription } from '@doanflow/engine';
import { describeStates } from '@doanflow/engine';
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { DiagramView } from '@doanflow/client';
import { wrapWords } from './wrap-words.ts';

type Locale = keyof Label;

/**
 * Sizes in diagram units: the widget draws 16 units per em, so a 14-unit label is 0.875em of the
 * officer's own font size. Text is not measured here (no fonts on a server): a label is wrapped at
 * a character count that a system sans-serif at this size stays within (0.6 of the font size per
 * character is wider than the average Vietnamese letter with its diacritics).
 */
export const diagramUnits = {
  stateFont: 14,
  eventFont: 12,
  lineHeight: 1.3,
  stateWidth: 168,
  padding: 10,
  charWidth: 0.6,
} as const;

const u = diagramUnits;
const stateChars = Math.floor((u.stateWidth - 2 * u.padding) / (u.stateFont * u.charWidth));
const eventChars = 18;

/**
 * Top to bottom, so a phone's narrow screen scrolls one way; layered (Sugiyama) keeps the
 * workflow's main path in one column and draws returns as edges going back up.
 */
const rootOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '24',
  'elk.spacing.edgeLabel': '4',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeLabels.inline': 'false',
};

/**
 * elkjs is loaded with the first diagram: its compiled Java (GWT) held ~7 MiB of the server's heap
 * in every process, drawn or not (issue 15, memory: a heap snapshot after the decision levels).
 */
let elk: Promise<ELK> | null = null;
const theElk = () =>
  // A CommonJS module: its constructor is module.exports, also exported as `default`.
  (elk ??= import('elkjs/lib/elk.bundled.js').then((module) => new module.default.default()));

/** Lays out a workflow's statechart, labelled in one language. Pure apart from elkjs's own work. */
export async function layoutDiagram(definition: AnyWorkflowDefinition, locale: Locale): Promise<DiagramView> {
  const states = describeStates(definition).filter((node) => node.type !== 'history');
  const stateLabel = (node: StateDescription) =>
    (definition.states[node.path] ?? node.label)[locale] || node.path;
  const lines = new Map<string, string[]>();
  const eventsOf = new Map<string, { from: string; to: string; events: string[] }>();

  const toElk = (node: StateDescription): ElkNode => {
    const text = wrapWords(stateLabel(node), stateChars);
    lines.set(node.path, text);
    const textHeight = text.length * u.stateFont * u.lineHeight;
    const children = node.children.filter((child) => child.type !== 'history');
    if (children.length === 0) {
      return { id: node.path, width: u.stateWidth, height: Math.ceil(textHeight + 2 * u.padding) };
    }
    return {
      id: node.path,
      // A region's name sits at its top, above its own steps.
      layoutOptions: {
        'elk.padding': `[top=${Math.ceil(textHeight + 2 * u.padding)},left=12,bottom=12,right=12]`,
      },
      children: children.map(toElk),
    };
  };

  // One edge per source and target; the events that take it are its label.
  const collect = (node: StateDescription) => {
    for (const transition of node.transitions) {
      for (const target of transition.targets) {
        const key = `${node.path}→${target}`;
        const edge = eventsOf.get(key) ?? { from: node.path, to: target, events: [] };
        if (!edge.events.includes(transition.event)) edge.events.push(transition.event);
        eventsOf.set(key, edge);
      }
    }
    node.children.forEach(collect);
  };
  states.forEach(collect);

  const timerEvents = new Set(
    Object.entries(definition.events)
      .filter(([, spec]) => spec.timer)
      .map(([type]) => type),
  );
  const edges = [...eventsOf.values()].map((edge, index) => {
    const text = wrapWords(
      edge.events
        // `always` and `onDone` are the chart's own moves: no words on their arrows.
        .filter((type) => type !== '' && !type.startsWith('xstate.'))
        .map((type) => definition.events[type]?.label[locale] ?? type)
        .join(' / '),
      eventChars,
    );
    return { ...edge, id: `e${index}`, timer: edge.events.every((type) => timerEvents.has(type)), text };
  });
  const elkEdges: ElkExtendedEdge[] = edges.map((edge) => ({
    id: edge.id,
    sources: [edge.from],
    targets: [edge.to],
    labels: [
      {
        text: edge.text.join(' '),
        // A timer's edge starts with a clock and a space, drawn by the widget.
        width: Math.ceil(
          (Math.max(...edge.text.map((line) => line.length)) + (edge.timer ? 2 : 0)) *
            u.eventFont *
            u.charWidth,
        ),
        height: Math.ceil(edge.text.length * u.eventFont * u.lineHeight),
      },
    ],
  }));

  const graph = await (
    await theElk()
  ).layout({
    id: 'root',
    layoutOptions: rootOptions,
    children: states.map(toElk),
    edges: elkEdges,
  });
  return toView(definition, locale, graph, lines, edges, states);
}

interface PlacedEdge {
  id: string;
  from: string;
  to: string;
  events: string[];
  timer: boolean;
  text: string[];
}

/** ELK's nested, container-relative coordinates as absolute ones, in the view's shape. */
function toView(
  definition: AnyWorkflowDefinition,
  locale: Locale,
  graph: ElkNode,
  lines: Map<string, string[]>,
  edges: PlacedEdge[],
  states: StateDescription[],
): DiagramView {
  const kinds = new Map<string, StateDescription['type']>();
  const walkKinds = (node: StateDescription) => {
    kinds.set(node.path, node.type);
    node.children.forEach(walkKinds);
  };
  states.forEach(walkKinds);

  const nodes: DiagramView['nodes'] = [];
  const origin = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  const placeNodes = (node: ElkNode, offset: { x: number; y: number }, depth: number) => {
    for (const child of node.children ?? []) {
      const x = offset.x + (child.x ?? 0);
      const y = offset.y + (child.y ?? 0);
      origin.set(child.id, { x, y });
      const kind = kinds.get(child.id) ?? 'atomic';
      nodes.push({
        path: child.id,
        type: kind === 'history' ? 'atomic' : kind,
        depth,
        x: round(x),
        y: round(y),
        width: round(child.width ?? 0),
        height: round(child.height ?? 0),
        lines: lines.get(child.id) ?? [child.id],
      });
      placeNodes(child, { x, y }, depth + 1);
    }
  };
  placeNodes(graph, { x: 0, y: 0 }, 0);

  const placed = new Map<string, ElkExtendedEdge>();
  const gatherEdges = (node: ElkNode) => {
    for (const edge of node.edges ?? []) placed.set(edge.id, edge);
    (node.children ?? []).forEach(gatherEdges);
  };
  gatherEdges(graph);

  return {
    workflowId: definition.id,
    version: definition.version,
    locale,
    width: round(graph.width ?? 0),
    height: round(graph.height ?? 0),
    nodes,
    edges: edges.map((edge) => {
      const laid = placed.get(edge.id);
      const at = origin.get(laid?.container ?? 'root') ?? { x: 0, y: 0 };
      const section = laid?.sections?.[0];
      const points = section
        ? [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((point) => ({
            x: round(at.x + point.x),
            y: round(at.y + point.y),
          }))
        : [];
      const label = laid?.labels?.[0];
      return {
        id: edge.id,
        from: edge.from,
        to: edge.to,
        events: edge.events,
        timer: edge.timer,
        points,
        label: label
          ? {
              x: round(at.x + (label.x ?? 0)),
              y: round(at.y + (label.y ?? 0)),
              width: round(label.width ?? 0),
              height: round(label.height ?? 0),
              lines: edge.text,
            }
          : null,
      };
    }),
  };
}

const round = (value: number) => Math.round(value * 10) / 10;
