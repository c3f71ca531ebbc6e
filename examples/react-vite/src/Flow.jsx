// Renders any Kratos flow from its UI nodes: one form, inputs grouped by method.
import { useRef } from 'react';
import { bodyFromForm, labelOf } from './form.js';

export function Messages({ list }) {
  return (list ?? []).map((m) => (
    <p key={m.id + m.text} className={`msg ${m.type}`} data-message-id={m.id}>{m.text}</p>
  ));
}

/** `onSubmit(body)` gets the request body of the clicked button's method. */
export function FlowForm({ flow, onSubmit, busy }) {
  // A new flow object (next step, validation messages) re-mounts the uncontrolled inputs.
  const version = useRef({ flow: null, n: 0 });
  if (version.current.flow !== flow) version.current = { flow, n: version.current.n + 1 };

  const groups = new Map();
  for (const n of flow.ui.nodes) {
    if (n.attributes.node_type === 'script') continue; // WebAuthn scripts: not loaded by this example
    if (!groups.has(n.group)) groups.set(n.group, []);
    groups.get(n.group).push(n);
  }
  const submit = (e) => {
    e.preventDefault();
    onSubmit(bodyFromForm(e.currentTarget, e.nativeEvent.submitter));
  };
  return (
    <>
      <Messages list={flow.ui.messages} />
      <form key={version.current.n} noValidate onSubmit={submit} data-flow={flow.id}>
        {[...groups].map(([group, nodes]) => {
          const inner = nodes.map((n, i) => <Node key={`${n.attributes.name ?? n.attributes.id}-${i}`} node={n} group={group} busy={busy} />);
          return group === 'default'
            ? <div key={group}>{inner}</div>
            : <fieldset key={group} data-group={group}><legend>{group}</legend>{inner}</fieldset>;
        })}
      </form>
    </>
  );
}

function Node({ node, group, busy }) {
  const a = node.attributes;
  switch (a.node_type) {
    case 'input':
      if (a.type === 'hidden') return <input type="hidden" name={a.name} defaultValue={a.value ?? ''} data-group={group} />;
      if (a.type === 'submit' || a.type === 'button') {
        return <button type="submit" name={a.name} value={a.value ?? ''} disabled={busy || a.disabled} data-group={group}>{labelOf(node)}</button>;
      }
      if (a.type === 'checkbox') {
        return (
          <label>
            <span><input type="checkbox" name={a.name} defaultChecked={a.value === true} data-group={group} /> {labelOf(node)}</span>
            <Messages list={node.messages} />
          </label>
        );
      }
      return (
        <label>
          {labelOf(node)}
          <input name={a.name} type={a.type} defaultValue={a.value ?? ''} disabled={a.disabled}
            autoComplete={a.autocomplete} data-group={group} />
          <Messages list={node.messages} />
        </label>
      );
    case 'text': {
      const ctx = a.text.context ?? {};
      const secret = Array.isArray(ctx.secrets) ? ctx.secrets.map((s) => s.text ?? s.id).join(' ') : ctx.secret;
      return <div id={a.id}>{node.meta?.label && <p>{node.meta.label.text}</p>}<code>{secret ?? a.text.text}</code></div>;
    }
    case 'img':
      return <img src={a.src} width={a.width} height={a.height} alt={labelOf(node) ?? ''} />;
    case 'a':
      return <a href={a.href} id={a.id}>{a.title.text}</a>;
    default:
      return null; // scripts (WebAuthn) are not loaded by this example
  }
}
