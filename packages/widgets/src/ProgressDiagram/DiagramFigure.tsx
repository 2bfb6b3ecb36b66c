import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DiagramView } from '@doanflow/client';
import { useDoanflow } from '../provider/context.ts';
import type { DiagramMarks } from './diagram-marks.ts';
import { DiagramSvg, UNITS_PER_EM } from './DiagramSvg.tsx';

const ZOOMS = [0.4, 0.55, 0.7, 0.85, 1, 1.25, 1.5];

/**
 * The drawing in a pane that scrolls both ways (a finger pans it, arrow keys too once it has focus),
 * with zoom buttons. It opens at full size on the current step, so a phone shows readable words
 * where the case stands rather than a whole diagram too small to read; "Vừa khung" shows it all.
 */
export function DiagramFigure({
  diagram,
  marks,
  timed,
  label,
}: {
  diagram: DiagramView;
  marks: DiagramMarks;
  timed: boolean;
  label: string;
}) {
  const { t } = useDoanflow();
  const paneRef = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  const fitZoom = () => {
    const pane = paneRef.current;
    if (!pane) return 1;
    const em = parseFloat(getComputedStyle(pane).fontSize) || 16;
    const natural = ((diagram.width + 16) / UNITS_PER_EM) * em;
    // The floor only keeps the zoom positive: at 0.2 member transfer v2's chart overflowed a phone.
    return Math.min(1, Math.max(0.05, (pane.clientWidth - 4) / natural));
  };
  const focusCurrent = () => {
    const pane = paneRef.current;
    const node = diagram.nodes.find((each) => marks.current.includes(each.path));
    if (!pane || !node) return;
    const em = parseFloat(getComputedStyle(pane).fontSize) || 16;
    const scale = (zoom * em) / UNITS_PER_EM;
    pane.scrollLeft = (node.x + 8 + node.width / 2) * scale - pane.clientWidth / 2;
    // A little above the middle: the way it came (from above) stays in sight.
    pane.scrollTop = (node.y + 8 + node.height / 2) * scale - pane.clientHeight * 0.4;
  };
  // Once drawn (and after each zoom), the current step is in the middle of the pane.
  useLayoutEffect(focusCurrent, [zoom, diagram, marks.current.join('|')]);
  // A diagram narrower than the pane at full size needs no zoom at all.
  const [fits, setFits] = useState(false);
  useEffect(() => setFits(fitZoom() >= 1), [diagram]);

  const step = (direction: 1 | -1) => {
    const index = ZOOMS.findIndex((each) => each >= zoom - 1e-6);
    setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (index < 0 ? ZOOMS.length : index) + direction))]!);
  };
  return (
    <figure className="df-ProgressDiagram-figure">
      {fits ? null : (
        <div className="df-ProgressDiagram-zoom" role="group" aria-label={t('progress.zoom')}>
          <button
            type="button"
            part="button"
            className="df-Button"
            onClick={() => step(-1)}
            disabled={zoom <= ZOOMS[0]!}
          >
            {t('progress.zoomOut')}
          </button>
          <button
            type="button"
            part="button"
            className="df-Button"
            onClick={() => step(1)}
            disabled={zoom >= ZOOMS.at(-1)!}
          >
            {t('progress.zoomIn')}
          </button>
          <button type="button" part="button" className="df-Button" onClick={() => setZoom(fitZoom())}>
            {t('progress.fit')}
          </button>
        </div>
      )}
      {/* Focusable so a keyboard can scroll it; named, as a region a screen reader can find. */}
      <div
        ref={paneRef}
        className="df-ProgressDiagram-pane"
        tabIndex={0}
        role="region"
        aria-label={t('progress.pane')}
      >
        <DiagramSvg diagram={diagram} marks={marks} zoom={zoom} timed={timed} label={label} />
      </div>
    </figure>
  );
}
