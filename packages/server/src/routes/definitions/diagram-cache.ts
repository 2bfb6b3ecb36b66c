import type { AnyWorkflowDefinition } from '@doanflow/engine';
import { layoutDiagram } from './diagram-layout.ts';
import type { DiagramView } from '@doanflow/client';

// Definitions never change while the process runs: lay each out once per language (50–350 ms).
const cache = new WeakMap<AnyWorkflowDefinition, Map<string, Promise<DiagramView>>>();

export function diagramOf(definition: AnyWorkflowDefinition, locale: 'vi' | 'en'): Promise<DiagramView> {
  let byLocale = cache.get(definition);
  if (!byLocale) cache.set(definition, (byLocale = new Map()));
  let view = byLocale.get(locale);
  if (!view) {
    view = layoutDiagram(definition, locale);
    // A failed layout is not remembered: the next request tries again.
    view.catch(() => byLocale.delete(locale));
    byLocale.set(locale, view);
  }
  return view;
}
