// Page buttons from plain data (ui/components/pager.py): plain buttons, not a QBtn each (P1).
// A click emits "turn" with the page number; the server answers by showing that page.
import { h } from "vue";

const BUTTON = "inline-flex items-center justify-center min-w-9 h-11 px-1 rounded text-sm font-medium";
const CURRENT = "bg-primary text-white";
const OTHER = "text-primary hover:underline disabled:opacity-40 disabled:no-underline";

export default {
  props: {
    label: String,
    page: Number,
    count: Number,
    numbers: Array,
    icons: Object,
  },
  methods: {
    button(target, content, name) {
      const current = target === this.page;
      return h(
        "button",
        {
          type: "button",
          class: [BUTTON, current ? CURRENT : OTHER],
          "aria-label": name,
          "aria-current": current ? "page" : undefined,
          disabled: target < 1 || target > this.count,
          onClick: () => {
            if (!current) this.$emit("turn", target);
          },
        },
        content,
      );
    },
    arrow(path) {
      const attributes = { class: "q-icon text-2xl", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" };
      return h("svg", attributes, [h("path", { d: path })]);
    },
  },
  render() {
    const numbers = this.numbers.map((number) =>
      number === null
        ? h("span", { class: "px-1 text-gray-600", "aria-hidden": "true" }, "…")
        : this.button(number, String(number), "Page " + number),
    );
    return h("nav", { "aria-label": this.label, class: "flex flex-wrap items-center justify-center gap-0.5" }, [
      this.button(this.page - 1, [this.arrow(this.icons.previous)], "Previous page"),
      ...numbers,
      this.button(this.page + 1, [this.arrow(this.icons.next)], "Next page"),
    ]);
  },
};
