// A figure never shows cut ("$3,150…" reads as $3,150): wider than its box, it shrinks until it fits, down
// to 45 % of its size, and the number stays whole. Layout only: the text is the server's, or the live
// levers' (advocacy_ui/assets/levers.js). One observer per window; it reruns after every change on the page.
if (!window.__advocacyFitFigures) {
  window.__advocacyFitFigures = true;
  const FIGURES = '[data-testid="stMetricValue"] [data-testid="stMarkdownContainer"]';
  const SMALLEST = 0.45;
  const fit = (box) => {
    const text = box.querySelector("p") || box;
    text.style.fontSize = "";
    if (box.scrollWidth <= box.clientWidth + 1 || box.clientWidth === 0) return;
    const size = parseFloat(getComputedStyle(text).fontSize);
    let next = size;
    for (let i = 0; i < 4 && box.scrollWidth > box.clientWidth + 1; i++) {  // the width is not quite linear in the size
      next = Math.max(size * SMALLEST, Math.floor(next * box.clientWidth / box.scrollWidth * 0.98 * 10) / 10);
      text.style.fontSize = next + "px";
      if (next <= size * SMALLEST) break;
    }
  };
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; document.querySelectorAll(FIGURES).forEach(fit); });
  };
  new MutationObserver(later).observe(document.body, { childList: true, subtree: true, characterData: true });
  window.addEventListener("resize", later);
  if (document.fonts) document.fonts.ready.then(later);
  later();
}
