import type { JsonSchema } from '@doanflow/client';
import { useDoanflow } from '../../provider/context.ts';
import { textFormat, type TextFormat } from './natural-input.ts';
import { fieldKind, fieldLabel, initialValue, normalize } from './schema.ts';
import type { FieldErrors } from './validate.ts';

const formatHint: Record<TextFormat, 'hint.month' | 'hint.monthDay' | 'hint.date' | 'hint.dateTime'> = {
  month: 'hint.month',
  monthDay: 'hint.monthDay',
  date: 'hint.date',
  dateTime: 'hint.dateTime',
};

export interface SchemaFieldProps {
  schema: JsonSchema;
  name: string;
  /** Path of this field in the form value ("a.b.0"); ids and errors key on it. */
  path: string;
  idPrefix: string;
  value: unknown;
  required: boolean;
  errors: FieldErrors;
  onChange: (value: unknown) => void;
}

/** Text that may run to several sentences (a reason, a comment) gets a multi-line box. */
const LONG_TEXT = 500;

/** The id of a field's control: error summaries link to it. */
export const fieldId = (idPrefix: string, path: string) => `${idPrefix}-${path.replaceAll('.', '-')}`;

/** One field generated from its JSON Schema; objects and arrays recurse. */
export function SchemaField(props: SchemaFieldProps) {
  const { schema, name, path, idPrefix, value, required, errors, onChange } = props;
  const { locale, t } = useDoanflow();
  const field = normalize(schema);
  const kind = fieldKind(field);
  const label = fieldLabel(field, name, locale);
  const id = fieldId(idPrefix, path);
  const error = errors[path];
  const format = textFormat(field);
  const hintText = [format ? t(formatHint[format]) : '', field.description ?? ''].filter(Boolean).join('. ');
  const describedBy = [hintText ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');

  if (kind === 'object') {
    const record = (value ?? {}) as Record<string, unknown>;
    return (
      <fieldset className="df-Field-group" data-path={path || undefined}>
        {path ? <legend className="df-Field-label">{label}</legend> : null}
        {Object.entries(field.properties ?? {}).map(([childName, child]) => (
          <SchemaField
            key={childName}
            schema={child}
            name={childName}
            path={path ? `${path}.${childName}` : childName}
            idPrefix={idPrefix}
            value={record[childName]}
            required={field.required?.includes(childName) ?? false}
            errors={errors}
            onChange={(next) => onChange({ ...record, [childName]: next })}
          />
        ))}
      </fieldset>
    );
  }
  if (kind === 'array') return <ArrayField {...props} label={label} error={error} id={id} />;

  const hint = hintText ? (
    <span id={`${id}-hint`} className="df-Widget-muted">
      {hintText}
    </span>
  ) : null;
  const errorText = error ? (
    <span id={`${id}-error`} className="df-Field-error">
      {error}
    </span>
  ) : null;
  const common = {
    id,
    name: path,
    part: 'field',
    className: 'df-Field-control',
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy || undefined,
    'aria-required': required || undefined,
  };

  if (kind === 'boolean') {
    return (
      <div className="df-Field" data-kind={kind}>
        <span className="df-Field-choice">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
          />
          <label htmlFor={id} className="df-Field-label">
            {label}
          </label>
        </span>
        {hint}
        {errorText}
      </div>
    );
  }
  return (
    <div className="df-Field" data-kind={kind}>
      <label htmlFor={id} className="df-Field-label">
        {label}
        {required ? ' *' : ''}
      </label>
      {kind === 'enum' ? (
        <select {...common} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          <option value="">{t('start.choose')}</option>
          {field.enum?.map((option) => (
            <option key={String(option)} value={String(option)}>
              {field['x-enumLabels']?.[String(option)]?.[locale] ?? String(option)}
            </option>
          ))}
        </select>
      ) : kind === 'text' && !format && (field.maxLength ?? 0) >= LONG_TEXT ? (
        <textarea
          {...common}
          rows={3}
          value={String(value ?? '')}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          {...common}
          // Text, not type=number or date: "10/2026" and "2,5" are read as written (natural-input.ts).
          type="text"
          inputMode={kind === 'integer' ? 'numeric' : kind === 'number' ? 'decimal' : undefined}
          autoComplete={format ? 'off' : undefined}
          value={String(value ?? '')}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint}
      {errorText}
    </div>
  );
}

function ArrayField(props: SchemaFieldProps & { label: string; error: string | undefined; id: string }) {
  const { schema, path, idPrefix, value, errors, onChange, label, error, id } = props;
  const { t } = useDoanflow();
  const items = Array.isArray(value) ? value : [];
  const itemSchema = normalize(schema).items ?? {};
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      className="df-Field-group"
      data-kind="array"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="df-Field-label">{label}</legend>
      {items.map((item, index) => (
        <div key={index} className="df-Field-arrayItem">
          <SchemaField
            schema={itemSchema}
            name={t('start.item', { index: index + 1 })}
            path={`${path}.${index}`}
            idPrefix={idPrefix}
            value={item}
            required
            errors={errors}
            onChange={(next) => onChange(items.map((old, at) => (at === index ? next : old)))}
          />
          <button
            type="button"
            part="button"
            className="df-Button"
            onClick={() => onChange(items.filter((_, at) => at !== index))}
          >
            {t('start.removeItem', { index: index + 1 })}
          </button>
        </div>
      ))}
      <button
        type="button"
        part="button"
        className="df-Button"
        onClick={() => onChange([...items, initialValue(itemSchema)])}
      >
        {t('start.addItem')}
      </button>
      {error ? (
        <span id={`${id}-error`} className="df-Field-error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}
