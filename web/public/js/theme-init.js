// Classic (non-module) script loaded in <head> so the page paints in the right theme without a flash.
(function () {
  var theme = null;
  try { theme = localStorage.getItem('pg.theme'); } catch (e) { /* storage blocked */ }
  if (theme !== 'dark' && theme !== 'light') {
    theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  document.documentElement.setAttribute('data-theme', theme);
})();
