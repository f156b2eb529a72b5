// E1, L1, P11: the header every signed-in page shares, drawn from plain data (ui/components/app_header.py):
// one NiceGUI element instead of twelve. Plain HTML with the classes Quasar's q-btn, q-icon and q-badge render,
// so it looks as the components did. A render function, not a template: the browser would compile a template
// on every page load (P1). Texts only as text children and attribute values (escaped by Vue's DOM API).
// Below 1024 px the links and the user's controls sit behind Menu, which the browser alone opens and closes
// (the drop-down is HEADER_CSS's `menu-open`); Escape closes it and gives the focus back to Menu. A click on
// the theme switch or Sign out is sent as "press" with the button's name.
import { h } from "vue";

const HEADER =
  "app-header sticky top-0 z-10 w-full bg-primary text-white flex items-center gap-2 px-3 py-1 lg:flex-wrap";
const HOME = "nicegui-link text-white text-lg font-bold no-underline mr-auto lg:mr-2 whitespace-nowrap";
const LINK = "nicegui-link text-white no-underline px-2 inline-flex items-center min-h-11"; // E1: 44 px tall targets
const BADGE = "q-badge flex inline items-center no-wrap q-badge--single-line bg-red-9 text-white q-badge--rounded";
const BUTTON =
  "q-btn q-btn-item non-selectable no-outline q-btn--flat text-white q-btn--actionable q-focusable q-hoverable";
const ROUND = BUTTON + " q-btn--round";
const BUTTON_CONTENT = "q-btn__content text-center col items-center q-anchor--skip justify-center row";

// An icon as Quasar draws one given an SVG path: no icon font to load (ui/icons.py).
function icon(path, size) {
  const attributes = { class: "q-icon", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" };
  return h("svg", { ...attributes, style: size ? { fontSize: size } : undefined }, [h("path", { d: path })]);
}

export default {
  props: {
    home: String,
    links: Array,
    user: String,
    role: String,
    unread: Number,
    inbox_label: String,
    theme_label: String,
    theme_icon: String,
    inbox_icon: String,
    menu_icon: String,
    inbox_text: String,
    menu_text: String,
    nav_text: String,
    sign_out_text: String,
  },
  data() {
    return { open: false };
  },
  methods: {
    button(attributes, content, onPress) {
      const onClick = (event) => {
        this.blurAfterPointer(event);
        onPress();
      };
      return h("button", { type: "button", ...attributes, onClick }, [
        h("span", { class: "q-focus-helper" }),
        h("span", { class: BUTTON_CONTENT }, content),
      ]);
    },
    // As QBtn does: after a press by mouse or touch the focus moves to the button's focus helper, so that no
    // focus tint stays on it; a key's press (a click of detail 0) leaves the focus on the button.
    blurAfterPointer(event) {
      if (event.detail === 0) return;
      const helper = event.currentTarget.firstChild;
      helper.setAttribute("tabindex", "-1");
      helper.focus();
    },
    closeOnEscape(event) {
      if (event.key !== "Escape" || !this.open) return;
      this.open = false;
      this.$refs.menu.focus();
    },
    inbox() {
      const hidden = { "aria-hidden": "true", "data-testid": "inbox-badge" };
      const badge = h("div", { class: BADGE, ...hidden }, String(this.unread));
      const attributes = { class: LINK + " lg:order-2 flex gap-1", "aria-label": this.inbox_label };
      // The space keeps the word and the count apart for anything that reads the text (E1, axe).
      return h("a", { href: "/inbox", ...attributes, "data-testid": "inbox-link" }, [
        icon(this.inbox_icon, "1.25rem"),
        h("div", { class: "nicegui-label" }, this.inbox_text + " "),
        this.unread > 0 ? badge : null,
      ]);
    },
    menu(id) {
      const links = this.links.map((link) => h("a", { href: link.href, class: LINK }, link.text));
      const nav = "flex gap-1 items-center lg:flex-wrap lg:grow lg:order-1";
      const user = h("div", { class: "flex flex-col gap-0 lg:items-end mr-auto" }, [
        h("div", { class: "nicegui-label text-sm font-medium", "data-testid": "user-name" }, this.user),
        h("div", { class: "nicegui-label text-xs opacity-90" }, this.role),
      ]);
      const theme = this.button(
        { class: ROUND, "aria-label": this.theme_label, "data-testid": "theme-switch" },
        [icon(this.theme_icon)],
        () => this.press(this.theme_label),
      );
      const signOut = this.button(
        { class: BUTTON + " q-btn--rectangle q-btn--no-uppercase" },
        [h("span", { class: "block" }, this.sign_out_text)],
        () => this.press(this.sign_out_text),
      );
      return h("div", { id, class: "app-menu max-lg:hidden lg:contents" }, [
        h("nav", { class: nav, "aria-label": this.nav_text }, links),
        h("div", { class: "nicegui-row row items-center gap-2 no-wrap lg:order-3" }, [user, theme, signOut]),
      ]);
    },
    press(name) {
      this.$emit("press", name);
    },
  },
  render() {
    const menuId = this.$attrs.id + "-menu"; // the menu follows its button (reading and Tab order)
    const opener = this.button(
      {
        ref: "menu",
        class: ROUND + " lg:hidden",
        "aria-label": this.menu_text,
        "aria-expanded": String(this.open),
        "aria-controls": menuId,
        "data-testid": "menu",
      },
      [icon(this.menu_icon)],
      () => (this.open = !this.open),
    );
    return h("header", { class: [HEADER, this.open ? "menu-open" : ""], onKeydown: this.closeOnEscape }, [
      h("a", { href: "/", class: HOME }, this.home),
      this.inbox(),
      opener,
      this.menu(menuId),
    ]);
  },
};
