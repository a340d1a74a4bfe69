"""The page's CSS and the small script in its <head>: citation chips, clean copies, the queued-question note."""
from __future__ import annotations

CSS = """
.gradio-container {max-width: 1440px !important; margin: auto}
#app-head h1 {margin: 0 0 .2em; font-size: 1.45em}
#app-head p {margin: 0; opacity: .8}
#chat .answer p, #chat .answer li {margin: 0 0 .55em; line-height: 1.55}
#chat .answer ul {padding-left: 1.2em; margin: 0}
.copy-text {display: none !important}
.cite-chip {display: inline-block; border: 1px solid #1d4ed8; color: #1d4ed8; background: #eff6ff;
  border-radius: 999px; padding: 0 .55em; margin: .05em .15em; font-size: .85em; line-height: 1.6;
  cursor: pointer; white-space: nowrap; font-weight: 600}
.cite-chip:hover, .cite-chip.active {background: #1d4ed8; color: #fff}
.cite-chip:focus-visible {outline: 2px solid #f59e0b; outline-offset: 1px}
.answer.refused {border-left: 3px solid #f59e0b; padding-left: .6em}
.answer.error {border-left: 3px solid #dc2626; padding-left: .6em}
.answer.stopped {border-left: 3px solid #9ca3af; padding-left: .6em; opacity: .8}
.answer.pending {opacity: .7; font-style: italic}
.answer.draft {color: #6b7280; opacity: .8; border-left: 3px dashed #9ca3af; padding-left: .6em}
.answer.draft .draft-note {font-size: .8em; font-style: italic; margin-bottom: .3em}
#llm-status p {margin: .2em 0 0; font-size: .9em}
#queue-note {min-height: 0}
#queue-note p {margin: 0; font-size: .88em; color: #92400e}
.answer-foot {font-size: .82em; opacity: .75; margin-top: .4em !important}
.source {max-height: 62vh; overflow: auto; line-height: 1.55; overflow-wrap: anywhere; padding: .2em .4em}
.source .src-label {margin: 0 0 .4em; font-size: 1.15em}
.source .src-meta {display: grid; grid-template-columns: max-content 1fr; gap: .15em .8em; font-size: .9em; margin: 0}
.source .src-meta dt {font-weight: 600}
.source .src-meta dd {margin: 0}
.source .src-text {font-size: 1.02em; border-left: 3px solid #1d4ed8; padding: .4em .8em; margin: .7em 0; max-width: 80ch}
.source .para-no {font-weight: 700}
.source mark {background: #fde68a; color: #111; padding: 0 .1em; border-radius: 2px}
.source .src-ctx {font-size: .88em; opacity: .85; margin: .35em 0}
.source .src-ctx summary {cursor: pointer}
.source .ctx-label {font-weight: 600}
.source .src-note {font-size: .8em; opacity: .7}
.source a.un-link {font-weight: 600}
.desk-out blockquote {border-left: 3px solid #cbd5e1; margin: .3em 0 .8em; padding: .1em .8em}
.desk-out h3 {margin: .8em 0 .3em}
#active-filters p {margin: 0; font-size: .92em}
@media (max-width: 820px) {
  #chat {height: 58vh !important}
  .source .src-meta {grid-template-columns: 1fr}
  .source .src-meta dt {margin-top: .3em}
  .source {max-height: none}
  .cite-chip {white-space: normal}
}
"""

# Chips carry their key as a class (the chat's sanitizer drops data-* attributes): cite-k-TURN-INDEX in the chat,
# cite-who-I / cite-brief-I / cite-quiz-I in the desk tabs. A click writes "key|nonce" into the tab's hidden key box;
# its change event renders the paragraph into the tab's source panel. On a phone the page scrolls only once that
# panel shows the clicked paragraph, to its highlighted sentence.
HEAD = r"""<script>
(function () {
  var PANELS = {k: ['#cite-key', '#source'], who: ['#who-key', '#who-source'], brief: ['#brief-key', '#brief-source'],
                quiz: ['#quiz-key', '#quiz-source']};
  var CHIP = /(?:^|\s)cite-(k|who|brief|quiz)-(\d+)(?:-(\d+))?(?:\s|$)/;

  function whenShown(panel, label, nonce) {
    var started = Date.now();
    (function poll() {
      var src = document.querySelector(panel + ' .source[data-nonce="' + nonce + '"]');
      if (!src) {
        if (Date.now() - started < 15000) setTimeout(poll, 60);
        return;
      }
      var target = src.querySelector('mark') || src;
      var narrow = window.innerWidth < 820;
      target.scrollIntoView({behavior: 'smooth', block: narrow ? 'center' : 'nearest'});
    })();
  }

  document.addEventListener('click', function (e) {
    var chip = e.target && e.target.closest ? e.target.closest('.cite-chip') : null;
    var m = chip ? CHIP.exec(chip.className) : null;
    if (!m) return;
    e.preventDefault(); e.stopPropagation();
    var where = PANELS[m[1]];
    var box = document.querySelector(where[0] + ' textarea, ' + where[0] + ' input');
    if (!box) return;
    var nonce = String(Date.now()) + String(Math.floor(Math.random() * 1000));
    box.value = (m[1] === 'k' ? m[2] + ':' + m[3] : m[2]) + '|' + nonce;
    box.dispatchEvent(new Event('input', {bubbles: true}));
    document.querySelectorAll('.cite-chip.active').forEach(function (x) { x.classList.remove('active'); });
    chip.classList.add('active');
    whenShown(where[1], chip.textContent.trim(), nonce);
  }, true);

  // The chat's copy button copies a message's raw content, which is HTML here: give the clean text instead.
  function clean(t) {
    if (typeof t !== 'string' || !/class="(?:answer|q)[ "]/.test(t)) return t;
    var doc = new DOMParser().parseFromString(t, 'text/html');
    var src = doc.querySelector('.copy-text');
    return src ? src.textContent : (doc.body.textContent || '').trim();
  }
  if (navigator.clipboard && navigator.clipboard.writeText) {
    var write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = function (t) { return write(clean(t)); };
  }
  document.addEventListener('copy', function (e) {   // without a secure context gradio copies via a textarea
    var ta = document.body.firstElementChild;
    if (!ta || ta.tagName !== 'TEXTAREA' || !e.clipboardData) return;
    var c = clean(ta.value);
    if (c !== ta.value) { e.clipboardData.setData('text/plain', c); e.preventDefault(); }
  }, true);

  // A question sent while an answer is still coming is queued, not lost: say so until it is taken.
  function busy() { return !!document.querySelector('#chat .answer.pending, #chat .answer.streaming, #chat .answer.draft'); }
  function note(text) {
    var el = document.querySelector('#queue-note');
    if (el) el.innerHTML = text ? '<p>' + text + '</p>' : '';
  }
  function watchQueue() {   // the note goes when the queued question leaves the box (asked, or erased)
    var box = document.querySelector('#question textarea');
    (function poll() {
      if (!box || !box.value.trim()) { note(''); return; }
      setTimeout(poll, 250);
    })();
  }
  function queued() {
    var box = document.querySelector('#question textarea');
    if (!busy() || !box || !box.value.trim()) return;
    note('Queued: this question will be asked as soon as the current answer is complete.');
    watchQueue();
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && e.target && e.target.closest && e.target.closest('#question')) queued();
  }, true);
  document.addEventListener('click', function (e) {
    if (e.target && e.target.closest && e.target.closest('#ask-btn')) queued();
  }, true);
})();
</script>"""
