// Tiny DOM builder. Text children always become text nodes: nothing built here goes through innerHTML.

/**
 * h('div', {class: 'x', dataset: {index: 1}, onclick: fn, hidden: true}, 'text', childNode, [more])
 * Attributes whose value is null/undefined/false are skipped; true sets an empty attribute.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children with the same rules as h(): null/undefined/false are skipped. (Native
 * replaceChildren() would turn a null into the text "null".)
 */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

/** Shows or hides an element with the hidden attribute (CSS never overrides [hidden]). */
export function show(element, visible = true) {
  if (element) element.hidden = !visible;
}

export function spinner() {
  return h('span', { class: 'pg-spinner', 'aria-hidden': 'true' });
}
