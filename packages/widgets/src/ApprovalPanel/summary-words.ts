import { useMemo } from 'react';
import type { Label } from '@doanflow/client';
import { formatDateTime, formatDay, formatMonth } from '../i18n/dates.ts';
import { pickLabel } from '../i18n/translate.ts';
import { useDoanflow } from '../provider/context.ts';
import { textFormat, writeNatural } from '../shared/schema-form/natural-input.ts';
import { normalize, type FieldSchema } from '../shared/schema-form/schema.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const isLabel = (value: unknown): value is Label =>
  Boolean(value) &&
  typeof value === 'object' &&
  typeof (value as Label).vi === 'string' &&
  typeof (value as Label).en === 'string' &&
  Object.keys(value as object).length === 2;

export interface Words {
  /** A single value in words, or null when it is a group (object, list) or says nothing. */
  scalar(value: unknown, field: FieldSchema): string | null;
  /** Nothing to show: empty, or only ids nobody could name. */
  isEmpty(value: unknown, field: FieldSchema): boolean;
  /** The display name the server gave an id (a unit's quota is keyed by the unit). */
  nameOf(id: string): string | undefined;
}

/**
 * Single summary values in the officer's words: a choice by its label, a person's or unit's id by
 * the name the server gave (`InstanceView.names`), days, months and instants as dates in Vietnam,
 * yes/no, numbers in the locale's digits.
 */
export function useWords(names: Record<string, string>): Words {
  const { locale, t } = useDoanflow();
  return useMemo(() => {
    const text = (value: string, field: FieldSchema): string | null => {
      const choice = field['x-enumLabels']?.[value];
      if (choice) return pickLabel(choice, locale);
      if (names[value]) return names[value];
      const format = textFormat(field);
      if (format === 'monthDay') return writeNatural(format, value);
      if (MONTH.test(value)) return formatMonth(value, locale);
      if (DAY.test(value)) return formatDay(value, locale);
      if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value, locale);
      return UUID.test(value) ? null : value;
    };
    const scalar = (value: unknown, field: FieldSchema): string | null => {
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      if (typeof value === 'number') return value.toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-GB');
      if (typeof value === 'string') return text(value, field);
      return isLabel(value) ? pickLabel(value, locale) : null;
    };
    const isEmpty = (value: unknown, field: FieldSchema): boolean => {
      if (value === null || value === undefined || value === '') return true;
      if (typeof value === 'string') return text(value, field) === null;
      if (Array.isArray(value)) return value.every((item) => isEmpty(item, normalize(field.items)));
      if (typeof value === 'object' && !isLabel(value))
        return Object.entries(value).every(([key, child]) =>
          isEmpty(child, normalize(field.properties?.[key] as never)),
        );
      return false;
    };
    return { scalar, isEmpty, nameOf: (id: string) => names[id] };
  }, [names, locale, t]);
}
