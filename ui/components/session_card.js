// T2, U2–U4, M1, M2, W1: the Session Details card — picture, status, title, what the viewer can do, every detail —
// drawn from plain data: one NiceGUI element instead of two dozen (P11; ui/components/session_card.py). Plain HTML
// with the very classes Quasar's q-card, q-chip, q-icon, q-separator and q-btn render, as session_tiles.js draws a
// tile; a render function, not a template (the browser would compile a template on every page load: P1). Texts
// only as text children and attribute values (escaped by Vue's DOM API). A click on a button is sent as "act"
// with the button's text. The two counts an enrollment changes can be set alone (`show_counts`, P2, P11).
import { h } from "vue";

const CARD = "q-card nicegui-card nicegui-card-tight w-full";
const CHIP =
  "q-chip row inline no-wrap items-center q-chip--colored q-chip--dense q-chip--square font-medium m-0";
const LABEL = "nicegui-label";
const CAPTION = LABEL + " text-xs uppercase tracking-wide text-gray-600";
const VALUE = LABEL + " text-base font-medium break-words";
const GRID = "w-full grid grid-cols-1 gap-4";
const BUTTON =
  "q-btn q-btn-item non-selectable no-outline q-btn--rectangle q-btn--actionable q-focusable q-hoverable q-btn--no-uppercase";
const BUTTON_CONTENT = "q-btn__content text-center col items-center q-anchor--skip justify-center row";
const LOOKS = {
  unelevated: "q-btn--unelevated bg-primary text-white",
  outline: "q-btn--outline text-primary",
  negative: "q-btn--outline text-negative",
};
// What is said beside the buttons: its classes, and its role for screen readers.
const LINES = {
  waiting: ["font-medium text-gray-800 break-words", "status"],
  enrolled: ["font-medium text-green-900", null],
  strong: ["font-medium text-gray-800", null],
  place: ["font-medium", null],
  note: ["text-gray-700 break-words", null],
  done: ["text-green-900 font-medium break-words", "status"],
  error: ["text-red-800 break-words", "alert"],
};

// An icon as Quasar draws one given an SVG path: no icon font to load (ui/icons.py). A path in Quasar's form of
// several sub-paths ("d@@style&&d@@style", HOW_TO_REG) is drawn as they are.
function icon(path, extraClass, size) {
  const style = size ? { fontSize: size } : undefined;
  const attributes = { class: "q-icon " + extraClass, viewBox: "0 0 24 24", "aria-hidden": "true", style };
  const paths = path.split("&&").map((part) => part.split("@@"));
  return h("svg", { ...attributes, focusable: "false" }, paths.map(([d, css]) => h("path", { d, style: css })));
}

function text(value, classes, attributes) {
  return h("div", { class: LABEL + " " + (classes || ""), ...attributes }, value);
}

function heading(value, level) {
  const classes = level === 1 ? "text-2xl sm:text-3xl font-bold break-words w-full" : "text-lg font-semibold";
  return text(value, classes, { role: "heading", "aria-level": String(level) });
}

function fact(item, value) {
  return h("div", { class: "flex items-start gap-3 no-wrap min-w-0" }, [
    icon(item.icon, "text-primary mt-1", "1.5rem"),
    h("div", { class: "flex flex-col gap-0 min-w-0" }, [
      text(item.label, CAPTION),
      text(value, VALUE, { "data-testid": item.testid }),
    ]),
  ]);
}

function chip(word, classes, dark, iconPath, testid) {
  const content = h("div", { class: "q-chip__content col row no-wrap items-center q-anchor--skip" }, word);
  const shape = iconPath ? icon(iconPath, "q-chip__icon q-chip__icon--left") : null;
  const attributes = { class: [CHIP, classes, dark ? "q-chip--dark q-dark" : ""], "data-testid": testid };
  return h("div", attributes, [shape, content]);
}

export default {
  props: {
    card: Object,
    counts: Object,
    actions: Object,
    busy: Boolean,
    missing: Object,
  },
  data() {
    return { live: null };
  },
  watch: {
    counts() {
      this.live = null; // the page sent all of it anew
    },
  },
  methods: {
    // P2, P11: an enrollment sends only its two figures; one older than what the page last sent is ignored.
    show_counts(counts) {
      if (counts.version > (this.live || this.counts).version) this.live = counts;
    },
    top(card, dark) {
      const colours = "bg-" + card.color + " text-" + card.text_color;
      const status = chip(card.status, colours, dark, card.status_icon, "status-" + card.status_key);
      return h("div", { class: "w-full flex flex-col gap-5" }, [
        h("div", { class: "flex items-center gap-2 flex-wrap" }, [status, text(card.kind, "text-sm text-gray-700")]),
        heading(card.title, 1),
      ]);
    },
    button(action) {
      const disabled = this.busy || Boolean(action.disabled);
      const attributes = {
        key: action.text + (action.disabled ? " (closed)" : ""),
        type: "button",
        class: [BUTTON, LOOKS[action.look], disabled ? "disabled" : ""],
        disabled,
        "aria-disabled": disabled ? "true" : undefined,
        onClick: () => this.$emit("act", { action: action.text }),
      };
      return h("button", attributes, [
        h("span", { class: "q-focus-helper" }),
        h("span", { class: BUTTON_CONTENT }, [
          icon(action.icon, "on-left"),
          h("span", { class: "block" }, action.text),
        ]),
      ]);
    },
    line(said) {
      const [classes, role] = LINES[said.look];
      return text(said.text, classes, { role, "data-testid": said.testid, key: said.testid });
    },
    actions_box() {
      const actions = this.actions;
      if (!actions || !(actions.before.length || actions.buttons.length || actions.after.length)) return null;
      const buttons = actions.buttons.map(this.button);
      const row = h("div", { class: "nicegui-row w-full gap-2 flex-wrap items-center" }, buttons);
      return h("div", { class: "nicegui-column w-full gap-3", "data-actions": "" }, [
        ...actions.before.map(this.line),
        row,
        ...actions.after.map(this.line),
      ]);
    },
    facts(card) {
      const counts = this.live || this.counts;
      const shown = card.facts.filter((item) => !item.live || item.live in counts);
      return shown.map((item) => fact(item, item.live ? counts[item.live] : item.value));
    },
    choices(card, dark) {
      const cells = card.choices.map((choice) =>
        h("div", { class: "flex flex-col gap-1 min-w-0" }, [
          text(choice.label, CAPTION),
          h(
            "div",
            { class: "flex gap-1 flex-wrap" },
            choice.items.map((item) => chip(item, "bg-slate-100 text-slate-800", dark)),
          ),
        ]),
      );
      return h("div", { class: GRID + " sm:grid-cols-3" }, cells);
    },
    meeting(card) {
      const meeting = card.meeting;
      if (!meeting) return card.meeting_note ? [text(card.meeting_note, "text-gray-700")] : [];
      const facts = meeting.facts.map((item) => fact(item, item.value));
      const shown = [heading("Meeting", 2), h("div", { class: GRID + " sm:grid-cols-3" }, facts)];
      if (meeting.link) {
        const link = { class: LABEL + " nicegui-link break-all text-primary", href: meeting.link };
        shown.push(h("div", [h("a", { ...link, target: "_blank", rel: "noopener" }, meeting.link)]));
      }
      return shown;
    },
    session(card, dark) {
      const parts = [];
      if (card.picture) {
        const picture = h("img", {
          class: "block w-full max-w-xl mx-auto aspect-video object-contain bg-gray-500/10",
          loading: "lazy",
          src: card.picture,
          alt: "Image for " + card.title,
        });
        parts.push(h("div", { class: "w-full" }, [h("div", { class: "w-full rounded-t bg-gray-500/10" }, [picture])]));
      }
      const separator = h("hr", {
        class: ["q-separator q-separator--horizontal w-full", dark ? "q-separator--dark" : ""],
        "aria-orientation": "horizontal",
      });
      parts.push(
        h("div", { class: "nicegui-column w-full gap-5 p-4 sm:p-6" }, [
          this.top(card, dark),
          this.actions_box(),
          separator,
          h("div", { class: GRID + " sm:grid-cols-2" }, this.facts(card)),
          h("div", { class: "w-full flex flex-col gap-5" }, [
            heading("Description", 2),
            text(card.description, "whitespace-pre-wrap break-words w-full text-gray-800"),
            this.choices(card, dark),
            ...this.meeting(card),
          ]),
        ]),
      );
      return parts;
    },
    gone(missing) {
      return h("div", { class: "nicegui-column w-full items-center text-center gap-3 py-10 px-4" }, [
        icon(missing.icon, "text-slate-400", "3rem"),
        text(missing.text, "text-lg font-semibold break-words", { role: "alert" }),
        h("a", { href: (window.path_prefix || "") + "/", class: "nicegui-link text-primary" }, missing.back),
      ]);
    },
  },
  render() {
    const dark = this.$q.dark.isActive;
    const flat = this.missing ? "q-card--bordered q-card--flat no-shadow" : "";
    const content = this.missing ? [this.gone(this.missing)] : this.card ? this.session(this.card, dark) : [];
    return h("div", { class: [CARD, dark ? "q-card--dark q-dark" : "", flat] }, content);
  },
};
