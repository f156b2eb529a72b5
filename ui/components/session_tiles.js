// T1: a section of Home — its heading, its count and all its session tiles — drawn from plain data: one
// NiceGUI element instead of 3 + 15 per tile (P6). The tiles are plain HTML with the very classes Quasar's
// q-card, q-chip and q-icon render: mounting five Quasar components per tile cost the browser ~180 ms (P1).
// A render function, not a template: the browser would compile a template on every page load (P1).
// Texts only as text children and attribute values (escaped by Vue's DOM API); links only from the integer id.
import { h } from "vue";

const CARD = "q-card nicegui-card nicegui-card-tight w-full h-full cursor-pointer hover:shadow-lg transition-shadow";
const CHIP =
  "q-chip row inline no-wrap items-center q-chip--colored q-chip--dense q-chip--square font-medium m-0";
const PLACEHOLDER =
  "w-full aspect-video rounded-t bg-gradient-to-br from-slate-100 to-blue-50 flex items-center justify-center";
// A long title takes three lines at most (the link keeps the whole of it for screen readers).
const LINK =
  "nicegui-link text-lg font-semibold break-words line-clamp-3 text-gray-900 no-underline hover:underline w-full";

// An icon as Quasar draws one given an SVG path: no icon font to load (ui/icons.py).
function icon(path, extraClass, size) {
  const style = size ? { fontSize: size } : undefined;
  const attributes = { class: "q-icon " + extraClass, viewBox: "0 0 24 24", "aria-hidden": "true", style };
  return h("svg", { ...attributes, focusable: "false" }, [h("path", { d: path })]);
}

export default {
  props: {
    heading: String,
    total: Number,
    tiles: Array,
    icons: Object,
  },
  methods: {
    href(id) {
      return (window.path_prefix || "") + "/sessions/" + Number(id);
    },
    // A click anywhere on the card follows the link; a click on the link itself is left to the browser.
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
    chip(tile, dark) {
      const colours = ["bg-" + tile.color, "text-" + tile.text_color, dark ? "q-chip--dark q-dark" : ""];
      return h("div", { "data-testid": "status-" + tile.status_key, class: [CHIP, ...colours] }, [
        icon(this.icons.status[tile.status_key], "q-chip__icon q-chip__icon--left"),
        h("div", { class: "q-chip__content col row no-wrap items-center q-anchor--skip" }, tile.status),
      ]);
    },
    tile(tile, dark) {
      const attributes = {
        key: tile.id,
        "data-testid": "session-tile-" + tile.id,
        class: [CARD, dark ? "q-card--dark q-dark" : ""],
        onClick: (event) => this.follow(event, tile.id),
      };
      return h("div", attributes, [
        this.picture(tile),
        h("div", { class: "nicegui-column w-full gap-2 p-4" }, [
          h("div", { class: "nicegui-row w-full items-center justify-between gap-2" }, [
            this.chip(tile, dark),
            h("div", { class: "text-xs uppercase tracking-wide text-gray-600" }, tile.type),
          ]),
          h("a", { href: this.href(tile.id), class: LINK }, tile.title),
          h("div", { class: "nicegui-row items-start gap-1 no-wrap text-sm text-gray-700" }, [
            icon(this.icons.when, "mt-[2px]", "1.1rem"),
            h("div", { class: "break-words" }, tile.when),
          ]),
          h("div", { class: "nicegui-row items-center gap-1 text-sm text-gray-700" }, [
            icon(this.icons.mentees, "", "1.1rem"),
            h("div", { "data-testid": "mentee-count" }, tile.mentees),
          ]),
        ]),
      ]);
    },
  },
  render() {
    const dark = this.$q.dark.isActive;
    return h("div", [
      h("div", { class: "nicegui-row w-full items-baseline gap-2 mt-2" }, [
        h("div", { class: "text-xl font-semibold", role: "heading", "aria-level": "2" }, this.heading),
        h("div", { class: "text-gray-600" }, "(" + this.total + ")"),
      ]),
      h(
        "div",
        { class: "w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-3 gap-4" },
        this.tiles.map((tile) => this.tile(tile, dark)),
      ),
    ]);
  },
};
