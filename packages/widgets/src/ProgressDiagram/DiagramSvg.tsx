import { useId } from 'react';
import type { DiagramView } from '@doanflow/client';
import type { DiagramMarks } from './diagram-marks.ts';

/** Diagram units per em: the server lays out in these, so text grows with the officer's font size. */
export const UNITS_PER_EM = 16;
const STATE_FONT = 14;
const EVENT_FONT = 12;
const LINE = 1.3;
/** Room the server leaves before a timer's label for the clock (two characters of event text). */
const TIMER_INDENT = 14;

/** A clock face: drawn, not a character, since a phone's fonts may lack ⏱. */
function Clock({ x, y, r }: { x: number; y: number; r: number }) {
  return (
    <g className="df-ProgressDiagram-clock" aria-hidden="true">
      <circle cx={x} cy={y} r={r} />
      <path d={`M${x} ${y - r * 0.6} V${y} H${x + r * 0.5}`} />
    </g>
  );
}

interface DiagramSvgProps {
  diagram: DiagramView;
  marks: DiagramMarks;
  zoom: number;
  /** Whether any timer waits on the current state (a clock on its box). */
  timed: boolean;
  label: string;
}

/**
 * The laid-out statechart as SVG. Every visual value comes from the stylesheet through classes and
 * data-* attributes (no style attribute, so a strict CSP has nothing to block); sizes are in em.
 */
export function DiagramSvg({ diagram, marks, zoom, timed, label }: DiagramSvgProps) {
  const arrow = `df-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const margin = 8;
  const width = diagram.width + 2 * margin;
  const height = diagram.height + 2 * margin;
  // Parents first, so nested states are drawn over them; edges over all boxes.
  const nodes = [...diagram.nodes].sort((a, b) => a.depth - b.depth);
  return (
    <svg
      className="df-ProgressDiagram-svg"
      role="img"
      aria-label={label}
      viewBox={`${-margin} ${-margin} ${width} ${height}`}
      width={`${(width * zoom) / UNITS_PER_EM}em`}
      height={`${(height * zoom) / UNITS_PER_EM}em`}
      data-zoom={zoom}
    >
      <defs>
        <marker
          id={arrow}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path className="df-ProgressDiagram-arrow" d="M0 0 L10 5 L0 10 z" />
        </marker>
      </defs>
      {nodes.map((node) => {
        const leaf = node.type !== 'compound' && node.type !== 'parallel';
        const current = marks.current.includes(node.path);
        const textTop = leaf
          ? node.y + (node.height - node.lines.length * STATE_FONT * LINE) / 2
          : node.y + 10;
        return (
          <g
            key={node.path}
            className="df-ProgressDiagram-node"
            data-path={node.path}
            data-kind={node.type}
            data-current={current}
            data-visited={marks.visited.has(node.path)}
          >
            <rect
              className="df-ProgressDiagram-box"
              x={node.x}
              y={node.y}
              width={node.width}
              height={node.height}
              rx={node.type === 'final' ? node.height / 2 : 6}
            />
            <text className="df-ProgressDiagram-stateText" fontSize={STATE_FONT} textAnchor="middle">
              {node.lines.map((line, index) => (
                <tspan
                  key={index}
                  x={node.x + node.width / 2}
                  y={textTop + (index + 0.8) * STATE_FONT * LINE}
                >
                  {line}
                </tspan>
              ))}
            </text>
            {current && timed ? <Clock x={node.x + node.width - 2} y={node.y + 2} r={9} /> : null}
          </g>
        );
      })}
      {diagram.edges.map((edge) => {
        const order = marks.taken.get(edge.id);
        const d = edge.points.map((point, index) => `${index ? 'L' : 'M'}${point.x} ${point.y}`).join(' ');
        return (
          <g
            key={edge.id}
            className="df-ProgressDiagram-edge"
            data-from={edge.from}
            data-to={edge.to}
            data-timer={edge.timer}
            data-taken={order !== undefined}
            data-waiting={marks.waiting.has(edge.id)}
          >
            <path className="df-ProgressDiagram-line" d={d} markerEnd={`url(#${arrow})`} />
            {edge.label ? (
              <>
                <rect
                  className="df-ProgressDiagram-labelBox"
                  x={edge.label.x - 2}
                  y={edge.label.y - 1}
                  width={edge.label.width + 4}
                  height={edge.label.height + 2}
                  rx={3}
                />
                {edge.timer ? <Clock x={edge.label.x + 6} y={edge.label.y + 8} r={5} /> : null}
                <text className="df-ProgressDiagram-eventText" fontSize={EVENT_FONT}>
                  {edge.label.lines.map((line, index) => (
                    <tspan
                      key={index}
                      x={edge.label!.x + (edge.timer ? TIMER_INDENT : 0)}
                      y={edge.label!.y + (index + 0.8) * EVENT_FONT * LINE}
                    >
                      {line}
                    </tspan>
                  ))}
                </text>
                {order !== undefined ? (
                  <g className="df-ProgressDiagram-order" aria-hidden="true">
                    <circle cx={edge.label.x - 12} cy={edge.label.y + 8} r={9} />
                    <text
                      x={edge.label.x - 12}
                      y={edge.label.y + 12}
                      fontSize={EVENT_FONT}
                      textAnchor="middle"
                    >
                      {order}
                    </text>
                  </g>
                ) : null}
              </>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
