import { Dashboard } from '@doanflow/widgets';
import { useId, useState } from 'react';
import { ScreenHeading } from '../ScreenHeading.tsx';
import { reportingUnits, type DemoPerson } from '../session.ts';
import type { PortalText } from '../strings.ts';

interface ReportPageProps {
  t: PortalText;
  person: DemoPerson;
}

/** The report of the unit an officer of the city or a commune answers for (a choice when several). */
export function ReportPage({ t, person }: ReportPageProps) {
  const units = reportingUnits(person);
  const [unitId, setUnitId] = useState(units[0]?.id);
  const selectId = useId();
  return (
    <div className="portal-page">
      <div className="portal-page-head">
        <ScreenHeading title={t('reportTitle')} site={t('organisation')}>
          {t('reportTitle')}
        </ScreenHeading>
      </div>
      {units.length > 1 ? (
        <p>
          <label htmlFor={selectId}>{t('reportUnit')}</label>{' '}
          <select id={selectId} value={unitId} onChange={(event) => setUnitId(event.currentTarget.value)}>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </p>
      ) : null}
      {unitId ? <Dashboard key={unitId} unitId={unitId} /> : null}
    </div>
  );
}
