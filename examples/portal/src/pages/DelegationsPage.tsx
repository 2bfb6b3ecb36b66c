import { DoanflowApiError, pickLabel, roleLabels, useDoanflow, type DelegationView } from '@doanflow/widgets';
import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { delegationsOf } from '../delegations-api.ts';
import { ScreenHeading } from '../ScreenHeading.tsx';
import { demoPeople, type DemoPerson } from '../session.ts';
import type { PortalText } from '../strings.ts';

interface DelegationsPageProps {
  t: PortalText;
  person: DemoPerson;
}

/** Today in Vietnam, as a date input wants it. */
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const dayOf = (day: string) => day.split('-').reverse().join('/');

/**
 * Ủy quyền: the officer hands a role they hold to a deputy of the same unit for the days of a leave,
 * sees the delegations given and received, and revokes one at once. The server decides who may be
 * named (its policy); a refusal is shown with its reason.
 */
export function DelegationsPage({ t, person }: DelegationsPageProps) {
  const { client, locale } = useDoanflow();
  const api = useMemo(() => delegationsOf(client), [client]);
  const id = useId();
  const held = person.roles.filter((role) => !role.deputy);
  const [items, setItems] = useState<DelegationView[] | null>(null);
  const [people, setPeople] = useState<DemoPerson[]>([]);
  const [roleKey, setRoleKey] = useState(held[0] ? `${held[0].role}|${held[0].unitId}` : '');
  const [delegateId, setDelegateId] = useState('');
  const [from, setFrom] = useState(today);
  const [until, setUntil] = useState(today);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const reload = useCallback(() => api.list().then(setItems, () => setItems([])), [api]);
  useEffect(() => {
    void reload();
    // The demo server names its officers; elsewhere the delegate is typed by id.
    demoPeople().then(setPeople, () => setPeople([]));
  }, [reload]);

  const [role, unitId] = roleKey.split('|') as [string, string];
  const colleagues = people.filter(
    (other) => other.id !== person.id && other.roles.some((binding) => binding.unitId === unitId),
  );
  const roleName = (name: string) => pickLabel(roleLabels[name], locale) || name;
  const failure = (error: unknown) =>
    error instanceof DoanflowApiError ? `${t('delegationRefused')} ${error.message}` : String(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const made = await api.create({
        delegateId,
        role,
        unitId,
        from,
        until,
        reason: reason || null,
      });
      setMessage({ ok: true, text: t('delegationMade', { name: made.delegateName ?? made.delegateId }) });
      await reload();
    } catch (error) {
      setMessage({ ok: false, text: failure(error) });
    }
  };
  const revoke = async (delegation: DelegationView) => {
    try {
      await api.revoke(delegation.id);
      setMessage({ ok: true, text: t('delegationRevoked', { name: delegation.delegateName ?? '' }) });
      await reload();
    } catch (error) {
      setMessage({ ok: false, text: failure(error) });
    }
  };

  return (
    <div className="portal-page">
      <div className="portal-page-head">
        <ScreenHeading title={t('navDelegations')} site={t('organisation')} />
        <p className="portal-lead">{t('delegationsLead')}</p>
      </div>
      <div role="status" aria-live="polite" className={message && !message.ok ? 'portal-alert' : undefined}>
        {message?.text}
      </div>
      {held.length > 0 ? (
        <form className="portal-card portal-delegation-form" onSubmit={submit} aria-labelledby={`${id}-new`}>
          <h2 id={`${id}-new`} className="portal-section-title">
            {t('delegationNew')}
          </h2>
          <label>
            {t('delegationRole')}
            <select value={roleKey} onChange={(event) => setRoleKey(event.target.value)}>
              {held.map((binding) => (
                <option key={`${binding.role}|${binding.unitId}`} value={`${binding.role}|${binding.unitId}`}>
                  {roleName(binding.role)} · {binding.unitName}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('delegationTo')}
            {colleagues.length > 0 ? (
              <select required value={delegateId} onChange={(event) => setDelegateId(event.target.value)}>
                <option value="">{t('delegationChoose')}</option>
                {colleagues.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.name}
                  </option>
                ))}
              </select>
            ) : (
              <input required value={delegateId} onChange={(event) => setDelegateId(event.target.value)} />
            )}
          </label>
          <label>
            {t('delegationFrom')}
            <input
              type="date"
              required
              min={today()}
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          </label>
          <label>
            {t('delegationUntil')}
            <input
              type="date"
              required
              min={from}
              value={until}
              onChange={(event) => setUntil(event.target.value)}
            />
          </label>
          <label>
            {t('delegationReason')}
            <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button type="submit" className="portal-button">
            {t('delegationSubmit')}
          </button>
        </form>
      ) : null}
      <section className="portal-card" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`} className="portal-section-title">
          {t('delegationList')}
        </h2>
        {items && items.length === 0 ? <p className="portal-muted">{t('delegationNone')}</p> : null}
        <ul className="portal-delegations">
          {(items ?? []).map((delegation) => (
            <li key={delegation.id} data-status={delegation.status}>
              <strong>
                {delegation.holderName} → {delegation.delegateName}
              </strong>
              <span>
                {roleName(delegation.role)} · {delegation.unitName} · {dayOf(delegation.from)}–
                {dayOf(delegation.until)}
              </span>
              <span>
                {t(`status_${delegation.status}`)}
                {delegation.uses > 0 ? ` · ${t('delegationUses', { n: String(delegation.uses) })}` : ''}
              </span>
              {delegation.holderId === person.id &&
              (delegation.status === 'active' || delegation.status === 'scheduled') ? (
                <button
                  type="button"
                  className="portal-button portal-button-light"
                  aria-label={`${t('delegationRevoke')}: ${delegation.delegateName ?? ''}, ${dayOf(delegation.from)}–${dayOf(delegation.until)}`}
                  onClick={() => void revoke(delegation)}
                >
                  {t('delegationRevoke')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
