// T1, M1: a list of session tiles — its heading, its count and all its tiles — drawn from plain data: one
// NiceGUI element instead of 3 + 15 per tile (P6). The one tile renderer of the app (ui/components/session_tiles.py):
// the mentor's Home lists and the mentee's Explore and My sessions lists. The tiles are plain HTML with the
// very classes Quasar's q-card, q-chip, q-icon and q-btn render: mounting five Quasar components per tile cost
// the browser ~180 ms (P1). A render function, not a template: the browser would compile a template on every
// page load (P1). Texts only as text children and attribute values (escaped by Vue's DOM API); links only from
// the integer id. A button click is sent as "act" with the session's id and the button's text.
import { h } from "vue";

const CARD = "q-card nicegui-card nicegui-card-tight w-full h-full";
const LINKED_CARD = "cursor-pointer hover:shadow-lg transition-shadow";
const CHIP =
  "q-chip row inline no-wrap items-center q-chip--colored q-chip--dense q-chip--square font-medium m-0";
const PLACEHOLDER =
  "w-full aspect-video rounded-t bg-gradient-to-br from-slate-100 to-blue-50 flex items-center justify-center";
// A long title takes three lines at most (the link keeps the whole of it for screen readers).
const LINK =
  "nicegui-link text-lg font-semibold break-words line-clamp-3 text-gray-900 no-underline hover:underline w-full";
const LINE = "nicegui-row items-start gap-1 no-wrap text-sm text-gray-700 w-full";
const BUTTON =
  "q-btn q-btn-item non-selectable no-outline q-btn--rectangle q-btn--actionable q-focusable q-hoverable q-btn--no-uppercase";
const BUTTON_CONTENT = "q-btn__content text-center col items-center q-anchor--skip justify-center row";

// An icon as Quasar draws one given an SVG path: no icon font to load (ui/icons.py). A path in Quasar's form of
// several sub-paths ("d@@style&&d@@style", HOW_TO_REG) is drawn as they are.
function icon(path, extraClass, size) {
  const style = size ? { fontSize: size } : undefined;
  const attributes = { class: "q-icon " + extraClass, viewBox: "0 0 24 24", "aria-hidden": "true", style };
  const paths = path.split("&&").map((part) => part.split("@@"));
  return h("svg", { ...attributes, focusable: "false" }, paths.map(([d, css]) => h("path", { d, style: css })));
}

export default {
  props: {
    heading: String,
    total: Number,
    tiles: Array,
    icons: Object,
    kind: String,
    empty: String,
  },
  methods: {
    href(id) {
      return (window.path_prefix || "") + "/sessions/" + Number(id);
    },
    // A click anywhere on a mentor's card follows the link; a click on the link itself is left to the browser.
    follow(event, id) {
      if (!event.target.closest("a")) window.location.href = this.href(id);
    },
    picture(tile) {
      if (tile.image) {
        return h("img", {
          src: tile.image,
          alt: "Image for " + tile.title,
          loading: "lazy",
          class: "w-full rounded-t aspect-video object-contain bg-gray-500/10",
        });
      }
      const picture = icon(this.icons.placeholder, "text-slate-400", "2.5rem");
      return h("div", { "aria-hidden": "true", class: PLACEHOLDER }, [picture]);
    },
    chip(testid, iconPath, text, color, textColor, dark) {
      const colours = ["bg-" + color, "text-" + textColor, dark ? "q-chip--dark q-dark" : ""];
      return h("div", { "data-testid": testid, class: [CHIP, ...colours] }, [
        icon(iconPath, "q-chip__icon q-chip__icon--left"),
        h("div", { class: "q-chip__content col row no-wrap items-center q-anchor--skip" }, text),
      ]);
    },
    chips(tile, dark) {
      const status = tile.status_key;
      const chips = [this.chip("status-" + status, this.icons.status[status], tile.status, tile.color, tile.text_color, dark)];
      if (tile.place) {
        const place = tile.place.key;
        chips.push(this.chip("place-" + place, this.icons.place[place], tile.place.text, "teal-1", "teal-10", dark));
      }
      const row = "nicegui-row w-full items-center gap-2 " + (tile.type ? "justify-between" : "flex-wrap");
      if (tile.type) chips.push(h("div", { class: "text-xs uppercase tracking-wide text-gray-600" }, tile.type));
      return h("div", { class: row }, chips);
    },
    line(iconPath, text, testid) {
      return h("div", { class: LINE }, [
        icon(iconPath, "mt-[2px]", "1.1rem"),
        h("div", { class: "break-words min-w-0", "data-testid": testid }, text),
      ]);
    },
    button(tile, action) {
      const disabled = Boolean(tile.settling);
      const look = action.outline ? "q-btn--outline text-primary" : "q-btn--unelevated bg-primary text-white";
      const attributes = {
        key: action.text,
        type: "button",
        class: [BUTTON, look, disabled ? "disabled" : ""],
        disabled,
        "aria-disabled": disabled ? "true" : undefined,
        onClick: () => this.$emit("act", { id: tile.id, action: action.text }),
      };
      return h("button", attributes, [
        h("span", { class: "q-focus-helper" }),
        h("span", { class: BUTTON_CONTENT }, [
          icon(this.icons.actions[action.text], "on-left"),
          h("span", { class: "block" }, action.text),
        ]),
      ]);
    },
    said(tile) {
      const said = (tile.notes || []).map((note) =>
        h("div", { class: "text-sm text-gray-700 break-words", "data-testid": "tile-note-" + tile.id }, note),
      );
      if (tile.done) {
        const done = { class: "text-sm text-green-900 font-medium break-words", role: "status" };
        said.push(h("div", { ...done, "data-testid": "tile-done-" + tile.id }, tile.done));
      }
      if (tile.error) {
        const error = { class: "text-sm text-red-800 font-medium break-words", role: "alert" };
        said.push(h("div", { ...error, "data-testid": "tile-error-" + tile.id }, tile.error));
      }
      return said.length ? [h("div", { class: "nicegui-column w-full gap-1" }, said)] : [];
    },
    tile(tile, dark) {
      const linked = this.kind === "session";
      const attributes = {
        key: tile.id,
        "data-testid": this.kind + "-tile-" + tile.id,
        class: [CARD, linked ? LINKED_CARD : "", dark ? "q-card--dark q-dark" : ""],
        onClick: linked ? (event) => this.follow(event, tile.id) : undefined,
      };
      const id = tile.id;
      const actions = tile.actions || [];
      return h("div", attributes, [
        this.picture(tile),
        h("div", { class: "nicegui-column w-full gap-2 p-4 grow" }, [
          this.chips(tile, dark),
          h("a", { href: this.href(id), class: LINK }, tile.title),
          tile.mentor ? this.line(this.icons.mentor, tile.mentor) : null,
          this.line(this.icons.when, tile.when),
          tile.mentees ? this.line(this.icons.mentees, tile.mentees, "mentee-count") : null,
          tile.seats ? this.line(this.icons.seats, tile.seats, "seats-left-" + id) : null,
          tile.waitlist ? this.line(this.icons.waitlist, tile.waitlist, "waitlist-count-" + id) : null,
          actions.length
            ? h("div", { class: "nicegui-row w-full gap-2 flex-wrap mt-auto pt-1" }, actions.map((a) => this.button(tile, a)))
            : null,
          ...this.said(tile),
        ]),
      ]);
    },
  },
  render() {
    const dark = this.$q.dark.isActive;
    const parts = [];
    if (this.heading) {
      const count = "count-" + this.heading.split(" ")[0].toLowerCase();
      parts.push(
        h("div", { class: "nicegui-row w-full items-baseline gap-2 mt-2" }, [
          h("div", { class: "text-xl font-semibold", role: "heading", "aria-level": "2" }, this.heading),
          h("div", { class: "text-gray-600", "data-testid": count }, "(" + this.total + ")"),
        ]),
      );
    }
    if (this.empty && !this.tiles.length) parts.push(h("div", { class: "text-gray-700" }, this.empty));
    parts.push(
      h(
        "div",
        { class: "w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-3 gap-4" },
        this.tiles.map((tile) => this.tile(tile, dark)),
      ),
    );
    return h("div", parts);
  },
};
