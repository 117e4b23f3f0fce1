/**
 * The page's one DOM helper: `h('td', { class: 'cell', 'data-stage': 'executed' }, 'executed')`.
 * Children are nodes or text (set as text, never parsed as HTML, so chain data cannot inject markup).
 * @param {string} tag
 * @param {Record<string, string | number | undefined>} [attributes]
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElement}
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/**
 * Replaces the children of the element with id `id`.
 * @param {string} id
 * @param {...Node} children
 */
export function fill(id, ...children) {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  element.replaceChildren(...children);
}
