import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { useCases, keyTypes } from 'build-time-data';

/**
 * GCache's entries in LOCAL and in Redis (SCAN by prefix with a cursor), filtered by layer, key type, id and use
 * case, a page at a time; each with its URN, layer, TTL left, age, size, watermark state and a JSON preview. Actions:
 * delete an entry, invalidate an entity, flush GCache's entries.
 */
export class QwcGcacheKeys extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 10px; padding: 10px; font-size: var(--lumo-font-size-s); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); vertical-align: top; }
        th { color: var(--lumo-contrast-70pct); font-weight: 600; }
        code { font-size: 90%; word-break: break-all; }
        pre { margin: 0; max-width: 40em; max-height: 8em; overflow: auto; white-space: pre-wrap; word-break: break-all; font-size: 85%; }
        .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
        .muted { color: var(--lumo-contrast-50pct); }
        .stale { color: var(--lumo-error-text-color); font-weight: 600; }
        .fresh { color: var(--lumo-success-text-color); }
        .message { color: var(--lumo-success-text-color); }
        .error { color: var(--lumo-error-text-color); }
        fieldset { border: 1px solid var(--lumo-contrast-10pct); border-radius: 4px; }
        button { cursor: pointer; }
    `;

    static properties = {
        _entries: { state: true },
        _cursor: { state: true },
        _page: { state: true },
        _remote: { state: true },
        _message: { state: true },
        _error: { state: true },
        _note: { state: true },
        _loading: { state: true },
    };

    constructor() {
        super();
        this._entries = [];
        this._cursor = null;
        this._page = 1;
        this._remote = true;
        this._message = '';
        this._error = '';
        this._note = '';
        this._loading = false;
        this._filter = { layer: '', keyType: '', id: '', useCase: '' };
        this._pageSize = 25;
    }

    connectedCallback() {
        super.connectedCallback();
        this._search();
    }

    render() {
        return html`
            <fieldset>
                <legend>Filter</legend>
                <div class="toolbar">
                    <label>Layer <select id="filter-layer">
                        <option value="">LOCAL and REMOTE</option>
                        <option value="LOCAL">LOCAL</option>
                        <option value="REMOTE">REMOTE</option>
                    </select></label>
                    <label>Key type <select id="filter-key-type">
                        <option value="">all</option>
                        ${keyTypes.map(k => html`<option value="${k}">${k}</option>`)}
                    </select></label>
                    <label>Id <input id="filter-id" placeholder="any"
                        @keydown=${e => { if (e.key === 'Enter') this._search(); }}></label>
                    <label>Use case <select id="filter-use-case">
                        <option value="">all</option>
                        ${useCases.map(u => html`<option value="${u.useCase}">${u.useCase}</option>`)}
                    </select></label>
                    <label>Page size <select id="page-size">
                        <option value="10">10</option>
                        <option value="25" selected>25</option>
                        <option value="100">100</option>
                    </select></label>
                    <button id="search" @click=${() => this._search()}>Search</button>
                </div>
            </fieldset>
            <fieldset>
                <legend>Actions</legend>
                <div class="toolbar">
                    <label>Key type <select id="invalidate-key-type">
                        ${keyTypes.map(k => html`<option value="${k}">${k}</option>`)}
                    </select></label>
                    <label>Id <input id="invalidate-id" placeholder="id"></label>
                    <button id="invalidate" @click=${() => this._invalidate()}>Invalidate entity</button>
                    <span class="muted">|</span>
                    <button id="flush" @click=${() => this._flush()}>Flush GCache's entries</button>
                </div>
            </fieldset>
            ${this._message ? html`<div id="message" class="message">${this._message}</div>` : ''}
            ${this._error ? html`<div id="error" class="error">${this._error}</div>` : ''}
            ${this._note ? html`<div id="note" class="error">${this._note}</div>` : ''}
            ${this._remote ? '' : html`<div class="muted">No Redis configured: LOCAL only.</div>`}
            <div class="toolbar">
                <span id="summary">Page ${this._page}: ${this._entries.length} entr${this._entries.length === 1 ? 'y' : 'ies'}${this._loading ? ' (loading…)' : ''}</span>
                <button id="first-page" ?disabled=${this._page === 1} @click=${() => this._search()}>First page</button>
                <button id="next-page" ?disabled=${!this._cursor} @click=${() => this._next()}>Next page</button>
            </div>
            <table id="keys">
                <thead>
                    <tr><th>URN</th><th>Layer</th><th>Use case</th><th>TTL left</th><th>Age</th><th>Size</th>
                        <th>State</th><th>Value (JSON)</th><th></th></tr>
                </thead>
                <tbody>${this._entries.map(e => this._row(e))}</tbody>
            </table>`;
    }

    _row(e) {
        return html`
            <tr class="entry" data-urn="${e.urn}" data-layer="${e.layer}" data-state="${e.state}">
                <td class="urn"><code>${e.urn}</code></td>
                <td class="layer">${e.layer}</td>
                <td class="use-case"><code>${e.useCase}</code></td>
                <td class="ttl-left">${this._duration(e.ttlLeftMillis)}</td>
                <td class="age">${this._duration(e.ageMillis)}</td>
                <td class="size">${e.size} B</td>
                <td class="state ${e.state}">${e.state}</td>
                <td class="preview"><pre>${e.preview}</pre>${e.previewCut ? html`<span class="muted">(cut)</span>` : ''}</td>
                <td><button class="delete" @click=${() => this._delete(e)}>Delete</button></td>
            </tr>`;
    }

    _duration(ms) {
        if (ms == null || ms < 0) {
            return html`<span class="muted">–</span>`;
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

    _search() {
        // read from the form itself: a value set without an input event (autofill, a script) counts too
        const root = this.shadowRoot;
        if (root && root.getElementById('filter-layer')) {
            this._filter = {
                layer: root.getElementById('filter-layer').value,
                keyType: root.getElementById('filter-key-type').value,
                id: root.getElementById('filter-id').value,
                useCase: root.getElementById('filter-use-case').value,
            };
            this._pageSize = parseInt(root.getElementById('page-size').value);
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
        this._error = '';
        const f = this._filter;
        return this.jsonRpc.getKeys({ layer: f.layer, keyType: f.keyType, id: f.id, useCase: f.useCase, cursor,
                pageSize: this._pageSize })
            .then(r => {
                this._entries = r.result.entries;
                this._cursor = r.result.cursor;
                this._remote = r.result.remote;
                this._note = r.result.note || '';
            })
            .catch(err => { this._error = this._text(err); })
            .finally(() => { this._loading = false; });
    }

    _delete(e) {
        this.jsonRpc.deleteEntry({ urn: e.urn, layer: e.layer })
            .then(r => { this._message = `Deleted ${e.urn} from ${e.layer} (${r.result})`; return this._search(); })
            .catch(err => { this._error = this._text(err); });
    }

    _invalidate() {
        const keyType = this.shadowRoot.getElementById('invalidate-key-type').value;
        const id = this.shadowRoot.getElementById('invalidate-id').value;
        this._error = '';
        this.jsonRpc.invalidate({ keyType, id })
            .then(r => { this._message = r.result; return this._search(); })
            .catch(err => { this._error = this._text(err); });
    }

    _flush() {
        this._error = '';
        this.jsonRpc.flush()
            .then(r => { this._message = `Flushed GCache's entries (${r.result} Redis key(s))`; return this._search(); })
            .catch(err => { this._error = this._text(err); });
    }

    _text(err) {
        return err && err.error ? (err.error.message || JSON.stringify(err.error)) : String(err);
    }
}
customElements.define('qwc-gcache-keys', QwcGcacheKeys);
