// T1: a section of Home — its heading, its count and all its session tiles — drawn from plain data: one
// NiceGUI element instead of 3 + 15 per tile (P6). The tiles are plain HTML with the very classes Quasar's
// q-card, q-chip and q-icon render: mounting five Quasar components per tile cost the browser ~180 ms (P1).
// Texts only through {{ }} and attribute bindings (escaped by Vue); links only from the integer id.
export default {
  template: `
    <div>
      <div class="nicegui-row w-full items-baseline gap-2 mt-2">
        <div class="text-xl font-semibold" role="heading" aria-level="2">{{ heading }}</div>
        <div class="text-gray-600">({{ total }})</div>
      </div>
      <div class="w-full grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-3 gap-4">
        <div
          v-for="tile in tiles"
          :key="tile.id"
          :data-testid="'session-tile-' + tile.id"
          class="q-card nicegui-card nicegui-card-tight w-full h-full cursor-pointer hover:shadow-lg transition-shadow"
          :class="{ 'q-card--dark q-dark': $q.dark.isActive }"
          @click="follow($event, tile.id)"
        >
          <img
            v-if="tile.image"
            :src="tile.image"
            :alt="'Image for ' + tile.title"
            loading="lazy"
            class="w-full h-28 rounded-t object-cover"
          />
          <div
            v-else
            aria-hidden="true"
            class="w-full h-28 rounded-t bg-gradient-to-br from-slate-100 to-blue-50 flex items-center justify-center"
          >
            <i class="q-icon notranslate material-icons text-slate-400" aria-hidden="true" style="font-size: 2.5rem">co_present</i>
          </div>
          <div class="nicegui-column w-full gap-2 p-4">
            <div class="nicegui-row w-full items-center justify-between gap-2">
              <div
                :data-testid="'status-' + tile.status_key"
                :class="['bg-' + tile.color, 'text-' + tile.text_color, { 'q-chip--dark q-dark': $q.dark.isActive }]"
                class="q-chip row inline no-wrap items-center q-chip--colored q-chip--dense q-chip--square font-medium m-0"
              >
                <i class="q-icon notranslate material-icons q-chip__icon q-chip__icon--left" aria-hidden="true">{{ tile.icon }}</i>
                <div class="q-chip__content col row no-wrap items-center q-anchor--skip">{{ tile.status }}</div>
              </div>
              <div class="text-xs uppercase tracking-wide text-gray-600">{{ tile.type }}</div>
            </div>
            <a
              :href="href(tile.id)"
              class="nicegui-link text-lg font-semibold break-words text-gray-900 no-underline hover:underline w-full"
              >{{ tile.title }}</a
            >
            <div class="nicegui-row items-start gap-1 no-wrap text-sm text-gray-700">
              <i class="q-icon notranslate material-icons mt-[2px]" aria-hidden="true" style="font-size: 1.1rem">event</i>
              <div class="break-words">{{ tile.when }}</div>
            </div>
            <div class="nicegui-row items-center gap-1 text-sm text-gray-700">
              <i class="q-icon notranslate material-icons" aria-hidden="true" style="font-size: 1.1rem">groups</i>
              <div data-testid="mentee-count">{{ tile.mentees }}</div>
            </div>
          </div>
        </div>
      </div>
    </div>
  `,
  props: {
    heading: String,
    total: Number,
    tiles: Array,
  },
  methods: {
    href(id) {
      return (window.path_prefix || "") + "/sessions/" + Number(id);
    },
    // A click anywhere on the card follows the link; a click on the link itself is left to the browser.
    follow(event, id) {
      if (!event.target.closest("a")) window.location.href = this.href(id);
    },
  },
};
