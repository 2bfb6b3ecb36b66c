import { describe, expect, it } from 'vitest';
import type { DiagramView, HistoryView, PendingTimer } from '@doanflow/client';
import { diagramMarks } from './diagram-marks.ts';

const node = (path: string) => ({
  path,
  type: 'atomic' as const,
  depth: path.split('.').length - 1,
  x: 0,
  y: 0,
  width: 1,
  height: 1,
  lines: [path],
});
const edge = (id: string, from: string, to: string, ...events: string[]) => ({
  id,
  from,
  to,
  events,
  timer: false,
  points: [],
  label: null,
});
const step = (seq: number, type: string, from: string | null, to: string) =>
  ({ seq, type, from, to }) as HistoryView;

/** A field visit's shape: a year holding quarters holding trips, with a way out of the whole year. */
const diagram: DiagramView = {
  workflowId: 'field-visit',
  version: 1,
  locale: 'vi',
  width: 1,
  height: 1,
  nodes: [
    'year',
    'year.quarter',
    'year.quarter.planning',
    'year.quarter.trip',
    'year.quarter.trip.scheduled',
    'compliant',
  ].map(node),
  edges: [
    edge('plan', 'year.quarter.planning', 'year.quarter.trip', 'APPROVE_PLAN'),
    edge('cancel-inner', 'year.quarter.trip.scheduled', 'year.quarter.planning', 'CANCEL_TRIP'),
    edge('cancel-outer', 'year.quarter', 'year.quarter.planning', 'CANCEL_TRIP'),
    edge('end', 'year', 'compliant', 'YEAR_ENDED'),
  ],
};

describe('diagramMarks', () => {
  it('numbers the edges taken in order, the innermost one that explains each step', () => {
    const marks = diagramMarks(
      diagram,
      'year.quarter.planning',
      [
        step(1, '$start', null, 'year.quarter.planning'),
        step(2, 'APPROVE_PLAN', 'year.quarter.planning', 'year.quarter.trip.scheduled'),
        step(3, 'CANCEL_TRIP', 'year.quarter.trip.scheduled', 'year.quarter.planning'),
        step(4, 'APPROVE_PLAN', 'year.quarter.planning', 'year.quarter.trip.scheduled'),
        step(5, 'CANCEL_TRIP', 'year.quarter.trip.scheduled', 'year.quarter.planning'),
      ],
      [],
    );
    expect([...marks.taken]).toEqual([
      ['plan', 1],
      ['cancel-inner', 2],
    ]);
    expect(marks.current).toEqual(['year.quarter.planning']);
    // Ancestors of a state it was in count as visited; a state never reached does not.
    expect([...marks.visited].sort()).toEqual([
      'year',
      'year.quarter',
      'year.quarter.planning',
      'year.quarter.trip',
      'year.quarter.trip.scheduled',
    ]);
  });

  it('marks the edge a pending timer would take from where the case is, through its ancestors', () => {
    const timer = {
      id: 't',
      name: 'yearEnd',
      kind: 'deadline',
      due: '2026-12-31T17:00:00.000Z',
      event: { type: 'YEAR_ENDED', payload: {} },
    } as PendingTimer;
    const marks = diagramMarks(diagram, 'year.quarter.trip.scheduled', [], [timer]);
    expect([...marks.waiting.keys()]).toEqual(['end']);
    expect(diagramMarks(diagram, 'compliant', [], [timer]).waiting.size).toBe(0);
  });
});
