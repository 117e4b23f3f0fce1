/**
 * A small XML well-formedness checker for the SVG tests (no dependency): tags nest and close,
 * attributes are quoted and unique, entities are known, no stray `<` or `&` in text.
 */
export type XmlElement = { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string };

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`not well-formed at ${i}: ${why} near ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const checkText = (text: string) => {
    for (let k = 0; k < text.length; k++) {
      if (text[k] === '<') fail('"<" in text');
      if (text[k] === '&' && !ENTITY.test(text.slice(k))) fail('bad entity');
    }
  };
  const skipSpace = () => {
    while (/\s/.test(source.charAt(i))) i++;
  };
  const element = (): XmlElement => {
    if (source[i] !== '<') fail('expected "<"');
    i++;
    const name = NAME.exec(source.slice(i))?.[0] ?? fail('bad tag name');
    i += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return { name, attributes, children: [], text: '' };
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attr = NAME.exec(source.slice(i))?.[0] ?? fail('bad attribute name');
      i += attr.length;
      if (attr in attributes) fail(`duplicate attribute ${attr}`);
      if (source[i] !== '=') fail('expected "="');
      i++;
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('unquoted attribute');
      const end = source.indexOf(quote as string, i + 1);
      if (end < 0) fail('unterminated attribute');
      const value = source.slice(i + 1, end);
      checkText(value);
      attributes[attr] = value;
      i = end + 1;
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (i >= source.length) fail(`unclosed <${name}>`);
      if (source.startsWith('</', i)) {
        i += 2;
        const close = NAME.exec(source.slice(i))?.[0];
        if (close !== name) fail(`</${close}> closes <${name}>`);
        i += name.length;
        skipSpace();
        if (source[i] !== '>') fail('expected ">"');
        i++;
        checkText(text);
        return { name, attributes, children, text };
      }
      if (source[i] === '<') children.push(element());
      else text += source[i++];
    }
  };
  skipSpace();
  if (source.startsWith('<?xml', i)) i = source.indexOf('?>', i) + 2;
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}

/** The text of an element and its descendants, entities decoded. */
export function textOf(element: XmlElement): string {
  const raw = element.text + element.children.map(textOf).join('');
  return raw
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
