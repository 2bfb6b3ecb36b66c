import { useEffect, useId, useState } from 'react';
import type { DefinitionView } from '@doanflow/client';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { activeFilters, type DueFilter, type InboxFilterValues } from './inbox-filters.ts';

export interface UnitOption {
  id: string;
  name: string;
}

interface InboxFiltersProps {
  values: InboxFilterValues;
  definitions: DefinitionView[];
  byWorkflow: Record<string, number>;
  units: UnitOption[];
  onChange: (values: InboxFilterValues) => void;
}

const SEARCH_DELAY_MS = 300;

/**
 * Search (the server ignores diacritics), workflow, step, unit subtree and due date. In a narrow
 * widget (a phone) they fold behind one button that says how many are in use, so the tasks come
 * first; a wide one shows them open and hides the button (container query in the stylesheet).
 */
export function InboxFilters({ values, definitions, byWorkflow, units, onChange }: InboxFiltersProps) {
  const { locale, t } = useDoanflow();
  const id = useId();
  const [open, setOpen] = useState(false);
  const inUse = activeFilters(values);
  const [search, setSearch] = useState(values.search);
  // Ask the server once typing pauses, not on every key.
  useEffect(() => {
    if (search === values.search) return undefined;
    const timer = setTimeout(() => onChange({ ...values, search }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search, values, onChange]);

  const workflow = definitions.find((definition) => definition.id === values.workflowId);
  const set = (patch: Partial<InboxFilterValues>) => onChange({ ...values, ...patch });
  return (
    <div className="df-Inbox-filterBar">
      <button
        type="button"
        part="button"
        className="df-Button df-Inbox-filterToggle"
        aria-expanded={open}
        aria-controls={`${id}-filters`}
        data-active={inUse > 0}
        onClick={() => setOpen(!open)}
      >
        {inUse ? t('inbox.filtersInUse', { count: inUse }) : t('inbox.filters')}
      </button>
      <div
        id={`${id}-filters`}
        className="df-Inbox-filters"
        data-open={open}
        role="search"
        aria-label={t('inbox.filters')}
      >
        <div className="df-Field">
          <label htmlFor={`${id}-search`} className="df-Field-label">
            {t('inbox.search')}
          </label>
          <input
            id={`${id}-search`}
            type="search"
            part="field"
            className="df-Field-control df-Inbox-search"
            value={search}
            aria-describedby={`${id}-search-hint`}
            onChange={(event) => setSearch(event.target.value)}
          />
          <span id={`${id}-search-hint`} className="df-Widget-muted">
            {t('inbox.searchHint')}
          </span>
        </div>
        <div className="df-Field">
          <label htmlFor={`${id}-workflow`} className="df-Field-label">
            {t('inbox.workflow')}
          </label>
          <select
            id={`${id}-workflow`}
            part="field"
            className="df-Field-control"
            value={values.workflowId}
            onChange={(event) => set({ workflowId: event.target.value, state: '' })}
          >
            <option value="">{t('inbox.allWorkflows')}</option>
            {definitions.map((definition) => (
              <option key={definition.id} value={definition.id}>
                {pickLabel(definition.title, locale)}
                {byWorkflow[definition.id] ? ` (${byWorkflow[definition.id]})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="df-Field">
          <label htmlFor={`${id}-state`} className="df-Field-label">
            {t('inbox.state')}
          </label>
          <select
            id={`${id}-state`}
            part="field"
            className="df-Field-control"
            value={values.state}
            disabled={!workflow}
            onChange={(event) => set({ state: event.target.value })}
          >
            <option value="">{t('inbox.allStates')}</option>
            {workflow?.states.map((state) => (
              <option key={state.path} value={state.path}>
                {pickLabel(state.label, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="df-Field">
          <label htmlFor={`${id}-unit`} className="df-Field-label">
            {t('inbox.unit')}
          </label>
          <select
            id={`${id}-unit`}
            part="field"
            className="df-Field-control"
            value={values.unitId}
            onChange={(event) => set({ unitId: event.target.value })}
          >
            <option value="">{t('inbox.allUnits')}</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </div>
        <div className="df-Field">
          <label htmlFor={`${id}-due`} className="df-Field-label">
            {t('inbox.due')}
          </label>
          <select
            id={`${id}-due`}
            part="field"
            className="df-Field-control"
            value={values.due}
            onChange={(event) => set({ due: event.target.value as DueFilter })}
          >
            <option value="any">{t('inbox.dueAny')}</option>
            <option value="overdue">{t('inbox.dueOverdue')}</option>
            <option value="week">{t('inbox.dueWeek')}</option>
          </select>
        </div>
      </div>
    </div>
  );
}
