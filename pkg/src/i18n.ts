/**
 * Turns a Kratos UI text (`id`, `text`, `context`) into the string to show: the app's override for
 * the id if there is one, else the English template Kratos v1.3 uses for that id, with `{key}`
 * placeholders filled from `context`. Unknown ids, or templates whose placeholders the context
 * cannot fill, fall back to Kratos' own `text`, so nothing ever renders as `{property}`.
 */
import { KRATOS_MESSAGES } from './messages.js';
import type { JsonValue, UiText } from './types.js';

/** A template (`'Feld {property} fehlt.'`) or a function of the message's context. */
export type MessageOverride = string | ((context: Record<string, JsonValue>, text: UiText) => string);

/** Per-id overrides, e.g. a translation: `{ 4000006: 'Falsche Zugangsdaten.' }`. */
export type MessageOverrides = Readonly<Record<number, MessageOverride>>;

function show(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => show(x) ?? '').join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Fills `{key}` from `context`; `undefined` if a placeholder has no value. */
export function interpolate(template: string, context: Record<string, JsonValue> = {}): string | undefined {
  let missing = false;
  const out = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = show(context[key]);
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? undefined : out;
}

/** The display string of a UI text (message or label). */
export function formatMessage(text: UiText, overrides: MessageOverrides = {}): string {
  const context = (text.context ?? {}) as Record<string, JsonValue>;
  const override = overrides[text.id];
  if (typeof override === 'function') return override(context, text);
  const template = override ?? KRATOS_MESSAGES[text.id];
  return (template !== undefined ? interpolate(template, context) : undefined) ?? text.text;
}

/** A formatter bound to one override map (e.g. one language). */
export function createMessageFormatter(overrides: MessageOverrides): (text: UiText) => string {
  return (text) => formatMessage(text, overrides);
}
