/** The element with `id`, checked to be of `type`: the page fails loudly if its HTML drifts. */
export function element<T extends HTMLElement>(
  id: string,
  type: abstract new (...args: never[]) => T,
): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`demo page is missing #${id}`);
  return found;
}

/** A new element with text content and class names. */
export function create<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text = '',
  ...classes: string[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.textContent = text;
  if (classes.length > 0) node.classList.add(...classes);
  return node;
}

/** Fills a definition list with term/value pairs. */
export function showPairs(list: HTMLDListElement, pairs: Record<string, string>): void {
  list.replaceChildren(
    ...Object.entries(pairs).flatMap(([term, value]) => [create('dt', term), create('dd', value)]),
  );
}
