import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { notifier } from 'notifier';
import { useCases, keyTypes } from 'build-time-data';
import '@vaadin/button';
import '@vaadin/text-field';
import '@vaadin/select';
import '@vaadin/dialog';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';
import '@vaadin/grid/vaadin-grid-filter-column.js';
import { columnBodyRenderer } from '@vaadin/grid/lit.js';
import { dialogRenderer, dialogFooterRenderer } from '@vaadin/dialog/lit.js';
import 'qui-badge';
import 'qui-themed-code-block';

/** A creation time before this is no GCache write: an entry made by hand or by a test (e.g. stamped 1000 ms). */
const PLAUSIBLE_SINCE = Date.UTC(2000, 0, 1);
const BADGE_LEVEL = { fresh: 'success', stale: 'error', unknown: 'contrast', unreadable: 'warning' };

/**
 * GCache's entries in LOCAL and in Redis (SCAN by prefix with a cursor), filtered by layer, key type, id and use
 * case on the server, a page at a time, in a Vaadin grid that sorts and filters the page shown; each entry with its
 * URN, layer, TTL left, age, size, watermark state (a badge) and its value's JSON (in a dialog). Actions, whose results
 * show as notifications: delete an entry, invalidate an entity, flush GCache's entries.
 */
export class QwcGcacheKeys extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: var(--lumo-space-s); padding: var(--lumo-space-m); font-size: var(--lumo-font-size-s); }
        code { font-size: 90%; word-break: break-all; }
        .toolbar { display: flex; gap: var(--lumo-space-s); align-items: baseline; flex-wrap: wrap; }
        .muted { color: var(--lumo-contrast-50pct); }
        .note { color: var(--lumo-error-text-color); }
        .preview { display: flex; gap: var(--lumo-space-xs); align-items: center; }
        .preview code { max-width: 18em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; word-break: normal; }
        vaadin-text-field { width: 10em; }
    `;

    static properties = {
        _entries: { state: true },
        _cursor: { state: true },
        _page: { state: true },
        _remote: { state: true },
        _note: { state: true },
        _loading: { state: true },
        _shown: { state: true },
    };

    constructor() {
        super();
        this._entries = [];
        this._cursor = null;
        this._page = 1;
        this._remote = true;
        this._note = '';
        this._loading = false;
        this._shown = null;
        this._filter = { layer: '', keyType: '', id: '', useCase: '' };
        this._pageSize = 25;
    }

    connectedCallback() {
        super.connectedCallback();
        this._search();
    }

    render() {
        const all = label => [{ label, value: '' }];
        const keyTypeItems = keyTypes.map(k => ({ label: k, value: k }));
        return html`
            <div class="toolbar" id="filters">
                <vaadin-select id="filter-layer" label="Layer" value="" placeholder="LOCAL and REMOTE" style="width: 13em"
                    .items=${[...all('LOCAL and REMOTE'), { label: 'LOCAL', value: 'LOCAL' }, { label: 'REMOTE', value: 'REMOTE' }]}></vaadin-select>
                <vaadin-select id="filter-key-type" label="Key type" value="" placeholder="all" .items=${[...all('all'), ...keyTypeItems]}></vaadin-select>
                <vaadin-text-field id="filter-id" label="Id" placeholder="any" clear-button-visible
                    title="as the method saw it (a b#c), not escaped"
                    @keydown=${e => { if (e.key === 'Enter') this._search(); }}></vaadin-text-field>
                <vaadin-select id="filter-use-case" label="Use case" value="" placeholder="all"
                    .items=${[...all('all'), ...useCases.map(u => ({ label: u.useCase, value: u.useCase }))]}></vaadin-select>
                <vaadin-select id="page-size" label="Page size" value="25"
                    .items=${['10', '25', '100'].map(n => ({ label: n, value: n }))} style="width: 7em"></vaadin-select>
                <vaadin-button id="search" theme="primary" @click=${() => this._search()}>Search</vaadin-button>
                <span class="muted">|</span>
                <vaadin-select id="invalidate-key-type" label="Invalidate key type" value="${keyTypes[0] || ''}"
                    .items=${keyTypeItems}></vaadin-select>
                <vaadin-text-field id="invalidate-id" label="Id" placeholder="id"></vaadin-text-field>
                <vaadin-button id="invalidate" @click=${() => this._invalidate()}>Invalidate entity</vaadin-button>
                <vaadin-button id="flush" theme="error" @click=${() => this._flush()}>Flush GCache's entries</vaadin-button>
            </div>
            ${this._note ? html`<div id="note" class="note">${this._note}</div>` : ''}
            ${this._remote ? '' : html`<div class="muted">No Redis configured: LOCAL only.</div>`}
            <div class="toolbar">
                <span id="summary">Page ${this._page}: ${this._entries.length} entr${this._entries.length === 1 ? 'y' : 'ies'}${this._loading ? ' (loading…)' : ''}</span>
                <vaadin-button id="first-page" theme="small" ?disabled=${this._page === 1} @click=${() => this._search()}>First page</vaadin-button>
                <vaadin-button id="next-page" theme="small" ?disabled=${!this._cursor} @click=${() => this._next()}>Next page</vaadin-button>
                <span class="muted">The fields above ask the server; the grid's column filters and sorting act on the page shown.</span>
            </div>
            <vaadin-grid id="keys" .items=${this._entries} all-rows-visible theme="row-stripes compact wrap-cell-content">
                <vaadin-grid-filter-column header="URN" path="urn" width="24em" flex-grow="1" resizable
                    ${columnBodyRenderer(e => html`<code class="entry" data-urn="${e.urn}" data-layer="${e.layer}"
                        data-state="${e.state}" data-size="${e.size}">${e.urn}</code>`, [])}></vaadin-grid-filter-column>
                <vaadin-grid-filter-column header="Layer" path="layer" width="9em" flex-grow="0"></vaadin-grid-filter-column>
                <vaadin-grid-filter-column header="Use case" path="useCase" width="12em" flex-grow="0"
                    ${columnBodyRenderer(e => html`<code>${e.useCase}</code>`, [])}></vaadin-grid-filter-column>
                <vaadin-grid-sort-column header="TTL left" path="ttlLeftMillis" auto-width flex-grow="0"
                    ${columnBodyRenderer(e => html`<span class="ttl-left">${this._ttlLeft(e)}</span>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Age" path="ageMillis" auto-width flex-grow="0"
                    ${columnBodyRenderer(e => this._age(e), [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Size" path="size" auto-width flex-grow="0"
                    ${columnBodyRenderer(e => html`<span class="size">${e.size} B</span>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="State" path="state" auto-width flex-grow="0"
                    ${columnBodyRenderer(e => html`<qui-badge class="state" data-state="${e.state}" small
                        level="${BADGE_LEVEL[e.state] || 'contrast'}"><span>${e.state}</span></qui-badge>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-column header="Value (JSON)" width="16em" flex-grow="0"
                    ${columnBodyRenderer(e => html`<div class="preview">
                        <vaadin-button theme="small tertiary" class="show-json" data-urn="${e.urn}" data-layer="${e.layer}"
                            @click=${() => { this._shown = e; }}>{ }</vaadin-button>
                        <code title="${e.previewCut ? 'cut at 2,000 characters' : ''}">${e.preview}</code></div>`, [])}></vaadin-grid-column>
                <vaadin-grid-column header="" auto-width flex-grow="0" frozen-to-end
                    ${columnBodyRenderer(e => html`<vaadin-button theme="small error tertiary" class="delete"
                        data-urn="${e.urn}" data-layer="${e.layer}" @click=${() => this._delete(e)}>Delete</vaadin-button>`, [])}></vaadin-grid-column>
            </vaadin-grid>
            ${this._jsonDialog()}`;
    }

    _ttlLeft(e) {
        if (e.layer === 'REMOTE' && e.ttlLeftMillis === -1) {
            return html`<span title="the Redis key has no expiry (PTTL -1)">none</span>`;
        }
        return this._duration(e.ttlLeftMillis, 'gone since it was listed');
    }

    /**
     * The age from the creation time stored in the entry. A time before 2000 is no GCache write (an entry made by
     * hand or by a test): its "age" would count from the epoch (20785 d in November 2026), so none is shown.
     */
    _age(e) {
        if (e.ageMillis == null || e.ageMillis < 0) {
            return html`<span class="age muted" data-urn="${e.urn}" data-layer="${e.layer}" title="no creation time could be read from the entry">—</span>`;
        }
        const createdAt = e.listedAt - e.ageMillis;
        if (createdAt < PLAUSIBLE_SINCE) {
            const seconds = Math.max(0, Math.round(createdAt / 1000));
            return html`<span class="age muted" data-urn="${e.urn}" data-layer="${e.layer}" title="its creation time is ${new Date(seconds * 1000).toISOString().slice(0, 10)}, about ${seconds} s after the epoch: not a time GCache wrote, so the entry was made by hand or by a test; its state is still that time against the watermark">—</span>`;
        }
        return html`<span class="age" data-urn="${e.urn}" data-layer="${e.layer}" title="created ${new Date(createdAt).toISOString()}">${this._duration(e.ageMillis)}</span>`;
    }

    _duration(ms, negative = 'unknown') {
        if (ms == null || ms < 0) {
            return html`<span class="muted" title="${negative}">—</span>`;
        }
        if (ms < 1000) return ms + ' ms';
        const s = Math.floor(ms / 1000);
        if (s < 120) return s + ' s';
        const m = Math.floor(s / 60);
        if (m < 120) return m + ' min ' + (s % 60) + ' s';
        const h = Math.floor(m / 60);
        if (h < 48) return h + ' h ' + (m % 60) + ' min';
        return Math.floor(h / 24) + ' d';
    }

    _jsonDialog() {
        const e = this._shown;
        return html`<vaadin-dialog id="json-dialog" header-title="${e ? `${e.layer} ${e.urn}` : ''}" resizable draggable
                .opened=${e != null} @opened-changed=${ev => { if (!ev.detail.value) this._shown = null; }}
                ${dialogRenderer(() => this._jsonBody(), [this._shown])}
                ${dialogFooterRenderer(() => html`<vaadin-button id="json-close" @click=${() => { this._shown = null; }}>Close</vaadin-button>`, [])}
            ></vaadin-dialog>`;
    }

    _jsonBody() {
        const e = this._shown;
        if (!e) {
            return html``;
        }
        let pretty = e.preview;
        try {
            pretty = JSON.stringify(JSON.parse(e.preview), null, 2);
        } catch (ignored) {
            // cut, or not JSON (a value that could not be serialized): shown as it is
        }
        return html`<div id="json-dialog-content" data-urn="${e.urn}" data-layer="${e.layer}"
                style="width: min(60em, 80vw); max-height: 60vh; overflow: auto;">
            <div style="color: var(--lumo-contrast-60pct); font-size: var(--lumo-font-size-s); margin-bottom: var(--lumo-space-s);">
                ${e.useCase} · ${e.size} B · ${e.state}${e.previewCut
                    ? ' · the value is longer than 2,000 characters: this is its start, as stored' : ''}</div>
            <qui-themed-code-block mode="json" .content=${pretty} showLineNumbers></qui-themed-code-block>
        </div>`;
    }

    _search() {
        // read from the fields themselves: a value set without an input event (autofill, a script) counts too
        const root = this.shadowRoot;
        if (root && root.getElementById('filter-layer')) {
            this._filter = {
                layer: root.getElementById('filter-layer').value || '',
                keyType: root.getElementById('filter-key-type').value || '',
                id: root.getElementById('filter-id').value || '',
                useCase: root.getElementById('filter-use-case').value || '',
            };
            this._pageSize = parseInt(root.getElementById('page-size').value || '25');
        }
        this._page = 1;
        return this._load('');
    }

    _next() {
        if (this._cursor) {
            this._page++;
            return this._load(this._cursor);
        }
    }

    _load(cursor) {
        this._loading = true;
        const f = this._filter;
        return this.jsonRpc.getKeys({ layer: f.layer, keyType: f.keyType, id: f.id, useCase: f.useCase, cursor,
                pageSize: this._pageSize })
            .then(r => {
                const listedAt = Date.now(); // the ages are as of the listing: a creation time is this minus one
                this._entries = r.result.entries.map(e => ({ ...e, listedAt }));
                this._cursor = r.result.cursor;
                this._remote = r.result.remote;
                this._note = r.result.note || '';
                // auto-width columns are measured on the rows there are: a new page may need others
                this.updateComplete.then(() => this.shadowRoot.getElementById('keys')?.recalculateColumnWidths());
            })
            .catch(err => this._failed(err))
            .finally(() => { this._loading = false; });
    }

    _delete(e) {
        this.jsonRpc.deleteEntry({ urn: e.urn, layer: e.layer })
            .then(r => { this._done(`Deleted ${e.urn} from ${e.layer} (${r.result})`); return this._search(); })
            .catch(err => this._failed(err));
    }

    _invalidate() {
        const keyType = this.shadowRoot.getElementById('invalidate-key-type').value;
        const id = this.shadowRoot.getElementById('invalidate-id').value;
        this.jsonRpc.invalidate({ keyType, id })
            .then(r => { this._done(r.result); return this._search(); })
            .catch(err => this._failed(err));
    }

    _flush() {
        this.jsonRpc.flush()
            .then(r => { this._done(`Flushed GCache's entries (${r.result} Redis key(s))`); return this._search(); })
            .catch(err => this._failed(err));
    }

    _done(message) {
        notifier.showSuccessMessage(escape(message));
    }

    _failed(err) {
        notifier.showErrorMessage(escape(err && err.error ? (err.error.message || JSON.stringify(err.error)) : String(err)),
            null, 15);
    }
}

/** The notifier renders its message as HTML: what comes from the application (URNs, ids) is shown as text. */
function escape(s) {
    return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

customElements.define('qwc-gcache-keys', QwcGcacheKeys);
