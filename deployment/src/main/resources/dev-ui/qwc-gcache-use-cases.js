import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { useCases } from 'build-time-data';

/**
 * GCache's use cases: what the build knows of each (method, key type, id source, tracked), and live from the
 * running application the effective TTL and ramp per layer, the requests, hits and misses per layer and the hit
 * ratio. The TTL and ramp of a layer can be set while the application runs.
 */
export class QwcGcacheUseCases extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 10px; padding: 10px; font-size: var(--lumo-font-size-s); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--lumo-contrast-10pct); vertical-align: top; }
        th { color: var(--lumo-contrast-70pct); font-weight: 600; }
        code { font-size: 90%; }
        .muted { color: var(--lumo-contrast-50pct); }
        .off { color: var(--lumo-error-text-color); }
        .overridden { color: var(--lumo-primary-text-color); font-weight: 600; }
        .toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
        .message { color: var(--lumo-success-text-color); }
        .error { color: var(--lumo-error-text-color); }
        input { width: 5em; }
        button { cursor: pointer; }
    `;

    static properties = {
        _rows: { state: true },
        _message: { state: true },
        _error: { state: true },
    };

    constructor() {
        super();
        this._rows = null;
        this._message = '';
        this._error = '';
    }

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
        this._timer = setInterval(() => this._refresh(), 5000);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _refresh() {
        return this.jsonRpc.getUseCases().then(r => { this._rows = r.result; });
    }

    render() {
        const rows = this._rows || useCases.map(u => ({ ...u, local: {}, remote: {} }));
        return html`
            <div class="toolbar">
                <button id="refresh" @click=${() => this._refresh()}>Refresh</button>
                <span class="muted">${rows.length} use case(s). TTL and ramp are the effective ones; a value set here
                    (in bold) overrides every config source until it is reset.</span>
            </div>
            ${this._message ? html`<div id="message" class="message">${this._message}</div>` : ''}
            ${this._error ? html`<div id="error" class="error">${this._error}</div>` : ''}
            <table id="use-cases">
                <thead>
                    <tr>
                        <th>Use case</th><th>Method</th><th>Key type</th><th>Id source</th><th>Tracked</th>
                        <th>LOCAL ttl / ramp</th><th>REMOTE ttl / ramp</th>
                        <th>LOCAL req / hit / miss</th><th>REMOTE req / hit / miss</th><th>Hit ratio</th>
                        <th>Set at run time</th>
                    </tr>
                </thead>
                <tbody>${rows.map(u => this._row(u))}</tbody>
            </table>`;
    }

    _row(u) {
        return html`
            <tr class="use-case" data-use-case="${u.useCase}">
                <td><code>${u.useCase}</code></td>
                <td><code>${u.method}</code></td>
                <td><code>${u.keyType}</code></td>
                <td><code>${u.idSource}</code>${u.args && u.args.length
                    ? html`<div class="muted">args: ${u.args.join(', ')}</div>` : ''}</td>
                <td>${u.tracked ? 'yes' : 'no'}</td>
                <td class="local-settings">${this._settings(u.local)}</td>
                <td class="remote-settings">${u.remote && u.remote.configured === false
                    ? html`<span class="muted">no Redis</span>` : this._settings(u.remote)}</td>
                <td class="local-counts">${this._counts(u.local)}</td>
                <td class="remote-counts">${this._counts(u.remote)}</td>
                <td class="hit-ratio">${this._ratio(u.hitRatio)}</td>
                <td>${this._form(u)}</td>
            </tr>`;
    }

    _settings(l) {
        if (!l || l.ttl === undefined) {
            return html`<span class="muted">…</span>`;
        }
        const cls = l.overridden ? 'overridden' : (l.on ? '' : 'off');
        return html`<span class="${cls}"><span class="ttl">${l.ttl}</span> / <span class="ramp">${l.ramp}</span>%</span>`;
    }

    _counts(l) {
        if (!l || l.requests === undefined) {
            return html`<span class="muted">…</span>`;
        }
        return html`${l.requests} / ${l.hits} / ${l.misses}
            <span class="muted">${l.hitRatio == null ? '' : '(' + this._ratio(l.hitRatio) + ')'}</span>`;
    }

    _ratio(r) {
        return r == null ? html`<span class="muted">–</span>` : (r * 100).toFixed(1) + '%';
    }

    _form(u) {
        return html`
            <div class="toolbar">
                <select class="layer">
                    <option value="LOCAL">LOCAL</option>
                    <option value="REMOTE">REMOTE</option>
                </select>
                <input class="ttl" placeholder="ttl" title="e.g. 30s, 5m, 1h; empty keeps it">
                <input class="ramp" placeholder="ramp" title="0 to 100; empty keeps it">
                <button class="apply" @click=${e => this._apply(e, u.useCase)}>Apply</button>
                <button class="reset" @click=${() => this._reset(u.useCase)}>Reset</button>
            </div>`;
    }

    _apply(e, useCase) {
        const form = e.target.parentElement;
        const layer = form.querySelector('.layer').value;
        const ttl = form.querySelector('.ttl').value;
        const ramp = form.querySelector('.ramp').value;
        this._error = '';
        this._message = '';
        this.jsonRpc.setUseCaseConfig({ useCase, layer, ttl, ramp })
            .then(() => {
                this._message = `${useCase} ${layer}: ${ttl ? 'ttl ' + ttl + ' ' : ''}${ramp ? 'ramp ' + ramp : ''}`.trim();
                form.querySelector('.ttl').value = '';
                form.querySelector('.ramp').value = '';
                return this._refresh();
            })
            .catch(err => { this._error = this._text(err); });
    }

    _reset(useCase) {
        this._error = '';
        this.jsonRpc.resetUseCaseConfig({ useCase })
            .then(() => { this._message = `${useCase}: the configuration applies again`; return this._refresh(); })
            .catch(err => { this._error = this._text(err); });
    }

    _text(err) {
        return err && err.error ? (err.error.message || JSON.stringify(err.error)) : String(err);
    }
}
customElements.define('qwc-gcache-use-cases', QwcGcacheUseCases);
