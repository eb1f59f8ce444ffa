import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/button';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';

/** How often the page asks for the flights. */
const REFRESH_EVERY_MS = 2000;

/**
 * The fills running now in the application (GCache.inFlight()), per use case: how many run (leaders), how many
 * callers wait for them instead of running the method (followers), and how long the oldest one has run. A fill that
 * stays old here is a slow or stuck method (or REMOTE read) that callers queue behind, up to the fallback-timeout.
 */
export class QwcGcacheFlights extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: var(--lumo-space-s); padding: var(--lumo-space-m); font-size: var(--lumo-font-size-s); }
        .muted { color: var(--lumo-contrast-50pct); }
        .busy { font-weight: 600; }
        .toolbar { display: flex; gap: var(--lumo-space-s); align-items: center; flex-wrap: wrap; }
        .definition { color: var(--lumo-contrast-70pct); max-width: 70em; line-height: 1.5; }
    `;

    static properties = {
        _flights: { state: true },
        _error: { state: true },
    };

    constructor() {
        super();
        this._flights = null;
        this._error = null;
    }

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
        this._timer = setInterval(() => this._refresh(), REFRESH_EVERY_MS);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _refresh() {
        return this.jsonRpc.getFlights()
            .then(r => { this._flights = r.result; this._error = null; })
            .catch(err => { this._error = err && err.error ? (err.error.message || JSON.stringify(err.error)) : String(err); });
    }

    render() {
        const f = this._flights;
        const rows = f ? f.useCases : [];
        return html`
            <div class="toolbar">
                <vaadin-button id="refresh" theme="small" @click=${() => this._refresh()}>Refresh</vaadin-button>
                <span id="totals" class="muted">${f == null ? 'Loading…'
                    : html`<span class="total-leaders">${f.leaders}</span> fill(s) running,
                        <span class="total-followers">${f.followers}</span> caller(s) waiting; refreshed every
                        ${REFRESH_EVERY_MS / 1000} s (last at ${new Date(f.takenAt).toLocaleTimeString()}).`}</span>
                ${this._error ? html`<span class="muted">${this._error}</span>` : ''}
            </div>
            <vaadin-grid id="flights" .items=${rows} all-rows-visible theme="row-stripes">
                <vaadin-grid-sort-column header="Use case" path="useCase" auto-width flex-grow="1"></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Leaders" path="leaders" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`<span class="leaders ${u.leaders > 0 ? 'busy' : 'muted'}"
                        data-use-case="${u.useCase}">${u.leaders}</span>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Followers" path="followers" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`<span class="followers ${u.followers > 0 ? 'busy' : 'muted'}"
                        data-use-case="${u.useCase}">${u.followers}</span>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Oldest leader" path="oldestLeaderAgeMillis" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`<span class="oldest" data-use-case="${u.useCase}">${u.leaders > 0
                        ? u.oldestLeaderAge : html`<span class="muted">–</span>`}</span>`, [])}></vaadin-grid-sort-column>
            </vaadin-grid>
            <div class="definition">
                A <b>leader</b> is a call that missed and fills its key: it reads REMOTE, or runs the method. Calls of the
                same key meanwhile are <b>followers</b>: they wait for its result instead of running the method again, at
                most the use case's fallback-timeout (60 s unless set), and then run it themselves.
            </div>`;
    }
}

customElements.define('qwc-gcache-flights', QwcGcacheFlights);
