import { LitElement, html, svg, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import { notifier } from 'notifier';
import { useCases } from 'build-time-data';
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

/** How often the page asks for the counters, and so how far apart the chart's samples are. */
const SAMPLE_EVERY_MS = 5000;
/** How many samples a use case keeps: 10 minutes. */
const SAMPLES_KEPT = 120;
/**
 * The counters sampled per use case, { at, calls, hits }, oldest first. Module-wide, so going to the Keys page and back
 * keeps them; they are taken only while this page is open (the server keeps no history).
 */
const history = new Map();

/**
 * GCache's use cases in a Vaadin grid: what the build knows of each (method, key type, id source, tracked), and live
 * from the running application the effective TTL and ramp per layer, the requests, hits and misses per layer, the
 * calls and the hit ratio, and a chart of the last ten minutes that the page draws from the counters it samples.
 * The TTL and ramp of a layer can be set while the application runs (the Set dialog).
 */
export class QwcGcacheUseCases extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: var(--lumo-space-s); padding: var(--lumo-space-m); font-size: var(--lumo-font-size-s); }
        code { font-size: 90%; }
        .muted { color: var(--lumo-contrast-50pct); }
        .off { color: var(--lumo-error-text-color); }
        .overridden { color: var(--lumo-primary-text-color); font-weight: 600; }
        .toolbar { display: flex; gap: var(--lumo-space-s); align-items: center; flex-wrap: wrap; }
        .definition { color: var(--lumo-contrast-70pct); max-width: 70em; line-height: 1.5; }
        .definition p { margin: 0 0 var(--lumo-space-xs) 0; }
        svg.trend { display: block; }
        .layer-line { white-space: nowrap; }
        .layer-label { display: inline-block; width: 5.5em; color: var(--lumo-contrast-50pct); font-size: var(--lumo-font-size-xxs); }
        .trend-text { font-size: var(--lumo-font-size-xxs); color: var(--lumo-contrast-60pct); white-space: nowrap; }
    `;

    static properties = {
        _rows: { state: true },
        _editing: { state: true },
    };

    constructor() {
        super();
        this._rows = null;
        this._editing = null;
        this._form = { layer: 'LOCAL', ttl: '', ramp: '' };
    }

    connectedCallback() {
        super.connectedCallback();
        this._refresh();
        this._timer = setInterval(() => this._refresh(), SAMPLE_EVERY_MS);
    }

    disconnectedCallback() {
        clearInterval(this._timer);
        super.disconnectedCallback();
    }

    _refresh() {
        return this.jsonRpc.getUseCases().then(r => {
            this._sample(r.result);
            const first = this._rows == null;
            this._rows = r.result.map(u => ({ ...u, calls: u.requests }));
            if (first) {
                // auto-width columns were measured on the build-time rows, which have no counters yet
                this.updateComplete.then(() => this.shadowRoot.getElementById('use-cases')?.recalculateColumnWidths());
            }
        });
    }

    /** Keeps the counters of this answer; a counter that went down (a live reload restarts them) starts over. */
    _sample(rows) {
        const at = Date.now();
        for (const u of rows) {
            const hits = (u.local?.hits || 0) + (u.remote?.hits || 0);
            let samples = history.get(u.useCase) || [];
            const last = samples[samples.length - 1];
            if (last && (u.requests < last.calls || hits < last.hits)) {
                samples = [];
            }
            samples.push({ at, calls: u.requests, hits });
            history.set(u.useCase, samples.slice(-SAMPLES_KEPT - 1));
        }
    }

    render() {
        const rows = this._rows || useCases.map(u => ({ ...u, local: {}, remote: {}, calls: null, hitRatio: null }));
        return html`
            <div class="toolbar">
                <vaadin-button id="refresh" theme="small" @click=${() => this._refresh()}>Refresh</vaadin-button>
                <span class="muted">${rows.length} use case(s). TTL and ramp are the effective ones; a value set here
                    (in bold) overrides every config source until it is reset. The counters are refreshed every
                    ${SAMPLE_EVERY_MS / 1000} s.</span>
            </div>
            <vaadin-grid id="use-cases" .items=${rows} all-rows-visible theme="row-stripes wrap-cell-content">
                <vaadin-grid-filter-column header="Use case" path="useCase" width="20em" flex-grow="1"
                    ${columnBodyRenderer(u => this._useCase(u), [])}></vaadin-grid-filter-column>
                <vaadin-grid-filter-column header="Key type" path="keyType" width="9em" flex-grow="0"
                    ${columnBodyRenderer(u => html`<code>${u.keyType}</code>`, [])}></vaadin-grid-filter-column>
                <vaadin-grid-column header="TTL / ramp" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`
                        <div class="layer-line">${layerLabel('LOCAL')}${this._settings(u, u.local, 'local')}</div>
                        <div class="layer-line">${layerLabel('REMOTE')}${u.remote && u.remote.configured === false
                            ? html`<span class="remote-settings muted" data-use-case="${u.useCase}">no Redis</span>`
                            : this._settings(u, u.remote, 'remote')}</div>`, [])}></vaadin-grid-column>
                <vaadin-grid-column header="req / hit / miss" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`
                        <div class="layer-line">${layerLabel('LOCAL')}${this._counts(u, u.local, 'local')}</div>
                        <div class="layer-line">${layerLabel('REMOTE')}${this._counts(u, u.remote, 'remote')}</div>`, [])}></vaadin-grid-column>
                <vaadin-grid-sort-column header="Calls" path="calls" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`<span class="calls" data-use-case="${u.useCase}">${u.calls ?? '…'}</span>`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-sort-column header="Hit ratio" path="hitRatio" auto-width flex-grow="0"
                    ${columnBodyRenderer(u => html`<span class="hit-ratio" data-use-case="${u.useCase}">${this._ratio(u.hitRatio)}</span>${this._staleRecoveries(u)}`, [])}></vaadin-grid-sort-column>
                <vaadin-grid-column header="Staleness" width="10em" flex-grow="0"
                    ${columnBodyRenderer(u => html`${this._shadow(u)}`, [])}></vaadin-grid-column>
                <vaadin-grid-column header="Last 10 min" width="220px" flex-grow="0"
                    ${columnBodyRenderer(u => this._trend(u), [])}></vaadin-grid-column>
                <vaadin-grid-column header="" auto-width flex-grow="0" frozen-to-end
                    ${columnBodyRenderer(u => html`<vaadin-button theme="small" class="set" data-use-case="${u.useCase}"
                        @click=${() => this._openSet(u.useCase)}>Set…</vaadin-button>`, [])}></vaadin-grid-column>
            </vaadin-grid>
            <div class="definition" id="hit-ratio-definition">
                <p><b>Hit ratio</b> = (LOCAL hits + REMOTE hits) ÷ <b>Calls</b>.
                    <b>Calls</b> = LOCAL hits + REMOTE hits + the misses of the last layer asked: REMOTE's misses when
                    Redis is configured and REMOTE has been asked, otherwise LOCAL's. A call that LOCAL misses and
                    REMOTE answers counts once, as a REMOTE hit; a call no layer answers counts once, as a miss.</p>
                <p>A layer's <b>req / hit / miss</b> (LOCAL's, then REMOTE's) counts that layer alone (hit = req − miss); the ratio in brackets
                    is its hits ÷ its requests. These are the LOCAL and REMOTE series of
                    <code>gcache_request_counter_total</code> and <code>gcache_miss_counter_total</code>: a call for
                    which a layer is off (outside the enable scope, ramped down, no config, Redis down) is counted by
                    <code>gcache_disabled_counter_total</code> instead, not here.</p>
                <p><b>N stale</b> under a hit ratio: calls whose method failed and that were answered with a REMOTE
                    value past its TTL (stale on error, <code>gcache_stale_recovery_counter_total{outcome="served"}</code>).</p>
                <p><b>Staleness</b>, shadow: of the REMOTE hits shadow validation checked (a share of keys set by
                    <code>shadow.ramp</code>), the share whose value the method still returns (match), the confirmed
                    stale entries (mismatch) and their median age. Every outcome is in the tooltip, and in
                    <code>gcache_shadow_validation_counter_total</code>.</p>
                <p><b>Last 10 min</b>: bars are the calls of each ${SAMPLE_EVERY_MS / 1000} s interval, the line the hit
                    ratio in it (0 to 100 %). The page samples the counters above while it is open; a live reload
                    restarts them and the chart.</p>
            </div>
            ${this._dialog()}`;
    }

    /** Stale on error: the failed calls answered with a kept REMOTE value, under the hit ratio once there is one. */
    _staleRecoveries(u) {
        return u.staleRecoveries > 0
            ? html`<div class="stale-recoveries muted" data-use-case="${u.useCase}"
                title="failed calls answered with a REMOTE value past its TTL (stale on error)">${u.staleRecoveries} stale</div>`
            : '';
    }

    _useCase(u) {
        return html`<div class="use-case" data-use-case="${u.useCase}"><code>${u.useCase}</code>
            <qui-badge small level="${u.tracked ? 'success' : 'contrast'}"
                title="${u.tracked ? 'an invalidation of its key type makes its entries stale' : 'no invalidation reaches it: it lives by its TTL'}"><span>${u.tracked ? 'tracked' : 'not tracked'}</span></qui-badge>
            <div class="muted"><code>${u.method}</code></div>
            <div class="muted">id: <code>${u.idSource}</code>${u.args && u.args.length
                ? html`, args: <code>${u.args.join(', ')}</code>` : ''}</div></div>`;
    }

    _settings(u, l, layer) {
        const cls = `${layer}-settings`;
        if (!l || l.ttl === undefined) {
            return html`<span class="${cls} muted" data-use-case="${u.useCase}">…</span>`;
        }
        const state = l.configError ? 'config error' : l.on ? 'on' : 'off';
        return html`<span class="${cls} ${l.overridden ? 'overridden' : l.on ? '' : 'off'}" data-use-case="${u.useCase}"
                title="${state}${l.overridden ? ', set in the Dev UI' : ''}"><span class="ttl">${l.ttl}</span> /
            <span class="ramp">${l.ramp}</span>%</span>`;
    }

    _counts(u, l, layer) {
        if (!l || l.requests === undefined) {
            return html`<span class="${layer}-counts muted" data-use-case="${u.useCase}">…</span>`;
        }
        return html`<span class="${layer}-counts" data-use-case="${u.useCase}">${l.requests} / ${l.hits} / ${l.misses}
            <span class="muted">${l.hitRatio == null ? '' : html`(${this._ratio(l.hitRatio)})`}</span></span>`;
    }

    /**
     * Shadow validation of a use case: the share of checked REMOTE hits that matched the method, the confirmed
     * mismatches and their median age; "off" while its shadow ramp is 0 and nothing was checked.
     */
    _shadow(u) {
        const s = u.shadow;
        if (!s) {
            return html`<div class="shadow muted" data-use-case="${u.useCase}">…</div>`;
        }
        const o = s.outcomes || {};
        const checked = Object.values(o).reduce((a, b) => a + b, 0);
        if (!s.on && checked === 0) {
            return html`<div class="shadow muted" data-use-case="${u.useCase}" title="shadow.ramp is 0">off</div>`;
        }
        const title = Object.entries(o).filter(([, n]) => n > 0).map(([k, n]) => `${k}: ${n}`).join(', ')
            || 'no check yet';
        return html`<div class="shadow" data-use-case="${u.useCase}" title="${title}">
            <div><span class="shadow-match">${s.matchRatio == null ? '—' : (s.matchRatio * 100).toFixed(1) + '%'}</span> match,</div>
            <div><span class="shadow-mismatches ${s.mismatches > 0 ? 'off' : ''}">${s.mismatches}</span> stale${s.medianMismatchAgeSeconds != null
                ? html` <span class="muted">(median <span class="shadow-age">${age(s.medianMismatchAgeSeconds)}</span>)</span>` : ''}</div>
            <div class="muted">shadow: ${s.ramp}% of keys</div></div>`;
    }

    _ratio(r) {
        return r == null ? html`<span class="muted" title="no calls yet">—</span>` : (r * 100).toFixed(1) + '%';
    }

    /**
     * A sparkline drawn inline in SVG: bars for the calls of each interval, a line for its hit ratio. The Dev UI's
     * echarts components (pie, gauge, stacked bars, force graph) have no time series, and a canvas chart per grid row
     * would be re-created as the grid recycles its rows; a few SVG shapes redraw with the row and follow the theme.
     */
    _trend(u) {
        const samples = history.get(u.useCase) || [];
        const w = 120, h = 28;
        const intervals = [];
        for (let i = 1; i < samples.length; i++) {
            const calls = samples[i].calls - samples[i - 1].calls;
            const hits = samples[i].hits - samples[i - 1].hits;
            intervals.push({ calls, ratio: calls > 0 ? Math.min(1, Math.max(0, hits / calls)) : null });
        }
        const slot = w / SAMPLES_KEPT;
        const x0 = w - intervals.length * slot;
        const max = Math.max(1, ...intervals.map(i => i.calls));
        const points = intervals.map((iv, i) => iv.ratio == null ? null
            : `${(x0 + (i + 0.5) * slot).toFixed(1)},${(h - 1 - iv.ratio * (h - 2)).toFixed(1)}`).filter(p => p);
        const calls = intervals.reduce((s, iv) => s + iv.calls, 0);
        const hits = samples.length > 1 ? samples[samples.length - 1].hits - samples[0].hits : 0;
        const minutes = samples.length > 1 ? (samples[samples.length - 1].at - samples[0].at) / 60000 : 0;
        const summary = samples.length < 2 ? 'sampling…'
            : `${calls} call(s) in ${minutes.toFixed(1)} min${calls ? `, ${(hits / calls * 100).toFixed(0)}% hits` : ''}`;
        return html`<div class="trend-cell" data-use-case="${u.useCase}" title="${summary}">
            <svg class="trend" data-use-case="${u.useCase}" data-intervals="${intervals.length}" width="${w}" height="${h}"
                    viewBox="0 0 ${w} ${h}" role="img" aria-label="${summary}">
                <rect x="0" y="0" width="${w}" height="${h}" style="fill: var(--lumo-contrast-5pct)"></rect>
                ${intervals.map((iv, i) => svg`<rect class="calls" x="${(x0 + i * slot).toFixed(1)}"
                    y="${(h - iv.calls / max * h).toFixed(1)}" width="${Math.max(0.5, slot - 0.2).toFixed(1)}"
                    height="${(iv.calls / max * h).toFixed(1)}" style="fill: var(--lumo-contrast-30pct)"></rect>`)}
                ${points.length ? svg`<polyline class="hit-ratio" points="${points.join(' ')}"
                    style="fill: none; stroke: var(--lumo-success-color); stroke-width: 1.5"></polyline>` : ''}
            </svg>
            <div class="trend-text">${summary}</div></div>`;
    }

    // ---- the Set dialog -----------------------------------------------------------------------------------

    _openSet(useCase) {
        this._form = { layer: 'LOCAL', ttl: '', ramp: '' };
        this._editing = useCase;
    }

    _dialog() {
        return html`<vaadin-dialog id="set-dialog" header-title="Set ${this._editing || ''} at run time"
                .opened=${this._editing != null}
                @opened-changed=${e => { if (!e.detail.value) this._editing = null; }}
                ${dialogRenderer(() => this._dialogBody(), [this._editing])}
                ${dialogFooterRenderer(() => html`
                    <vaadin-button id="set-reset" theme="tertiary error" @click=${() => this._reset(this._editing)}>
                        Reset to the configuration</vaadin-button>
                    <vaadin-button id="set-cancel" @click=${() => { this._editing = null; }}>Cancel</vaadin-button>
                    <vaadin-button id="set-apply" theme="primary" @click=${() => this._apply(this._editing)}>Apply</vaadin-button>`,
                    [this._editing])}></vaadin-dialog>`;
    }

    _dialogBody() {
        const u = (this._rows || []).find(r => r.useCase === this._editing);
        const now = l => l && l.ttl !== undefined ? `now ${l.ttl} / ${l.ramp}%` : '';
        return html`<div style="display: flex; flex-direction: column; gap: var(--lumo-space-s); min-width: 22em;">
            <vaadin-select id="set-layer" label="Layer" .value=${this._form.layer}
                .items=${[{ label: `LOCAL ${now(u?.local)}`, value: 'LOCAL' },
                          { label: `REMOTE ${now(u?.remote)}`, value: 'REMOTE' }]}
                @value-changed=${e => { this._form.layer = e.detail.value; }}></vaadin-select>
            <vaadin-text-field id="set-ttl" label="TTL" placeholder="keep" clear-button-visible
                helper-text="e.g. 30s, 5m, 1h; empty keeps it"
                @value-changed=${e => { this._form.ttl = e.detail.value; }}></vaadin-text-field>
            <vaadin-text-field id="set-ramp" label="Ramp (%)" placeholder="keep" clear-button-visible
                helper-text="0 to 100; empty keeps it" allowed-char-pattern="[0-9]"
                @value-changed=${e => { this._form.ramp = e.detail.value; }}></vaadin-text-field>
        </div>`;
    }

    _apply(useCase) {
        const { layer, ttl, ramp } = this._form;
        this.jsonRpc.setUseCaseConfig({ useCase, layer, ttl, ramp })
            .then(() => {
                this._editing = null;
                notifier.showSuccessMessage(escape(`${useCase} ${layer}: ${ttl ? 'ttl ' + ttl + ' ' : ''}${ramp ? 'ramp ' + ramp : ''}`.trim()));
                return this._refresh();
            })
            .catch(err => notifier.showErrorMessage(escape(text(err)), null, 15));
    }

    _reset(useCase) {
        this.jsonRpc.resetUseCaseConfig({ useCase })
            .then(() => {
                this._editing = null;
                notifier.showSuccessMessage(escape(`${useCase}: the configuration applies again`));
                return this._refresh();
            })
            .catch(err => notifier.showErrorMessage(escape(text(err)), null, 15));
    }
}

/** Seconds as the largest whole unit that fits: 42s, 5m, 3h. */
function age(seconds) {
    if (seconds < 60) return `${seconds.toFixed(0)}s`;
    if (seconds < 3600) return `${(seconds / 60).toFixed(0)}m`;
    return `${(seconds / 3600).toFixed(1)}h`;
}

function layerLabel(layer) {
    return html`<span class="layer-label">${layer}</span>`;
}

/** The notifier renders its message as HTML: what comes from the application is shown as text. */
function escape(s) {
    return String(s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function text(err) {
    return err && err.error ? (err.error.message || JSON.stringify(err.error)) : String(err);
}

customElements.define('qwc-gcache-use-cases', QwcGcacheUseCases);
