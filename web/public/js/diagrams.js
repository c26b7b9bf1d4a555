// Mermaid diagrams (pre.mermaid). The vendored browser bundle (~3.5 MB) is loaded only when a page has one.
import { currentTheme } from './prefs.js';

let loading = null;

function loadMermaid() {
  if (window.mermaid) return Promise.resolve(window.mermaid);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/vendor/mermaid/mermaid.min.js';
      script.async = true;
      script.onload = () => (window.mermaid ? resolve(window.mermaid) : reject(new Error('mermaid did not load')));
      script.onerror = () => { loading = null; reject(new Error('mermaid could not be loaded')); };
      document.head.append(script);
    });
  }
  return loading;
}

/** Renders every pre.mermaid under root in the current theme; safe to call again after a theme switch. */
export async function renderDiagrams(root = document) {
  const nodes = [...root.querySelectorAll('pre.mermaid')];
  if (nodes.length === 0) return;
  for (const node of nodes) {
    // Keep the source: mermaid replaces the text with the SVG, and a theme switch has to render it again.
    if (node.dataset.source === undefined) node.dataset.source = node.textContent;
    else node.textContent = node.dataset.source;
    node.removeAttribute('data-processed');
  }
  try {
    const mermaid = await loadMermaid();
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: currentTheme() === 'dark' ? 'dark' : 'default',
      fontFamily: 'inherit',
    });
    await mermaid.run({ nodes, suppressErrors: true });
  } catch (error) {
    for (const node of nodes) node.classList.add('is-unrendered');
    console.warn('Diagrams were not rendered:', error);
  }
}
