'use strict';
// The dashboard page: plain DOM and TradingView Lightweight Charts. Data never goes through
// innerHTML: every symbol, price and message is set with textContent.
(function () {
  const LC = window.LightweightCharts;
  const HISTORY_PAGE = 1500;   // bars per request: a day of 1m bars in one go
  const TAPE_ROWS = 60;
  const HEALTH_EVERY_MS = 2000;
  const $ = (id) => document.getElementById(id);

  const state = {
    symbol: null, window: '1m', windows: [], bars: [], generation: 0,
    loadingOlder: false, exhausted: false, source: null, lastTapePrice: null,
  };

  const price = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 });
  const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const size = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });
  const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
  const rate = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

  if (!LC) {
    setStatus('error', 'chart library missing');
    return;
  }

  const chart = LC.createChart($('chart'), {
    autoSize: true,
    layout: {
      background: { type: 'solid', color: '#0d1117' }, textColor: '#9aa7b5', fontSize: 12,
      fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Arial, sans-serif',
    },
    grid: { vertLines: { color: '#161f2a' }, horzLines: { color: '#161f2a' } },
    rightPriceScale: { borderColor: '#1f2a37' },
    timeScale: { borderColor: '#1f2a37', timeVisible: true, secondsVisible: false, rightOffset: 6 },
    crosshair: { mode: LC.CrosshairMode.Normal },
  });
  const candles = chart.addSeries(LC.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', borderVisible: false,
    wickUpColor: '#26a69a', wickDownColor: '#ef5350',
  });
  candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.26 } });
  const vwap = chart.addSeries(LC.LineSeries, {
    color: '#f5b942', lineWidth: 2, priceLineVisible: false, lastValueVisible: false,
    crosshairMarkerVisible: false,
  });
  const volume = chart.addSeries(LC.HistogramSeries, {
    priceFormat: { type: 'volume' }, priceScaleId: 'volume', priceLineVisible: false, lastValueVisible: false,
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });

  // For tests and scripts: what the chart really holds.
  window.tradelakeDashboard = {
    candleCount: () => candles.data().length,
    lastCandle: () => { const d = candles.data(); return d.length ? d[d.length - 1] : null; },
    symbol: () => state.symbol,
    window: () => state.window,
    /** Shows the bars between two times (epoch ms), as a person panning there would. */
    show: (fromMs, toMs) => chart.timeScale().setVisibleRange({ from: toTime(fromMs), to: toTime(toMs) }),
  };

  const toTime = (ms) => Math.floor(ms / 1000);
  const candleOf = (b) => ({ time: toTime(b.window_start_ms), open: b.open, high: b.high, low: b.low, close: b.close });
  const volumeOf = (b) => ({
    time: toTime(b.window_start_ms), value: b.volume,
    color: b.close >= b.open ? 'rgba(38,166,154,0.45)' : 'rgba(239,83,80,0.45)',
  });
  const vwapOf = (b) => (b.vwap === null ? { time: toTime(b.window_start_ms) } : { time: toTime(b.window_start_ms), value: b.vwap });

  function setStatus(kind, text) {
    const s = $('status');
    s.dataset.state = kind;
    s.textContent = text;
  }

  async function getJson(url) {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) {
      throw new Error((await response.text()).trim() || response.statusText);
    }
    return response.json();
  }

  function query(params) {
    return Object.entries(params).map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');
  }

  function render() {
    candles.setData(state.bars.map(candleOf));
    vwap.setData(state.bars.map(vwapOf));
    volume.setData(state.bars.map(volumeOf));
    $('chart').dataset.candles = String(candles.data().length);
    $('empty').hidden = state.bars.length > 0;
    showLegend(state.bars[state.bars.length - 1]);
  }

  function showLegend(bar) {
    const values = $('legend-values');
    values.textContent = '';
    $('legend-symbol').textContent = state.symbol ? state.symbol + ' · ' + state.window : '';
    if (!bar) {
      return;
    }
    const parts = [['O', price.format(bar.open)], ['H', price.format(bar.high)], ['L', price.format(bar.low)],
      ['C', price.format(bar.close)], ['V', compact.format(bar.volume)], ['VWAP', bar.vwap === null ? '–' : price.format(bar.vwap)]];
    for (const [k, v] of parts) {
      const key = document.createElement('span');
      key.textContent = k;
      if (k === 'VWAP') key.className = 'vw';
      const val = document.createElement('b');
      val.textContent = v;
      values.append(key, val);
    }
  }

  chart.subscribeCrosshairMove((param) => {
    if (!param || param.time === undefined) {
      showLegend(state.bars[state.bars.length - 1]);
      return;
    }
    const ms = param.time * 1000;
    showLegend(state.bars.find((b) => b.window_start_ms === ms));
  });

  async function loadSymbol() {
    const generation = ++state.generation;
    closeStream();
    state.bars = [];
    state.exhausted = false;
    state.lastTapePrice = null;
    $('tape').textContent = '';
    render();
    setStatus('connecting', 'loading');
    try {
      const bars = await getJson('/api/bars?' + query({ symbol: state.symbol, window: state.window, limit: HISTORY_PAGE }));
      if (generation !== state.generation) return;
      state.bars = bars;
      state.exhausted = bars.length < HISTORY_PAGE;
      render();
      if (bars.length > 200) {
        chart.timeScale().setVisibleLogicalRange({ from: bars.length - 200, to: bars.length + 6 });
      } else {
        chart.timeScale().scrollToRealTime();
      }
      const trades = await getJson('/api/trades?' + query({ symbol: state.symbol, limit: TAPE_ROWS }));
      if (generation !== state.generation) return;
      addToTape(trades);
      openStream(generation);
    } catch (e) {
      if (generation === state.generation) setStatus('error', e.message);
    }
  }

  // Panning back: when the left edge comes near the oldest bar loaded, the next older page is read.
  chart.timeScale().subscribeVisibleLogicalRangeChange((range) => {
    if (range && range.from < 30 && !state.loadingOlder && !state.exhausted && state.bars.length > 0) {
      loadOlder();
    }
  });

  async function loadOlder() {
    const generation = state.generation;
    state.loadingOlder = true;
    try {
      const oldest = state.bars[0].window_start_ms;
      const older = await getJson('/api/bars?' + query({
        symbol: state.symbol, window: state.window, to: oldest - 1, limit: HISTORY_PAGE,
      }));
      if (generation !== state.generation) return;
      if (older.length === 0) {
        state.exhausted = true;
        return;
      }
      const range = chart.timeScale().getVisibleLogicalRange();
      state.bars = older.concat(state.bars);
      render();
      if (range) {
        chart.timeScale().setVisibleLogicalRange({ from: range.from + older.length, to: range.to + older.length });
      }
    } catch (e) {
      setStatus('error', e.message);
    } finally {
      state.loadingOlder = false;
    }
  }

  function applyBar(bar) {
    const last = state.bars[state.bars.length - 1];
    if (last && bar.window_start_ms < last.window_start_ms) {
      return; // a revision of an older bar: the history shows it after a reload
    }
    if (last && bar.window_start_ms === last.window_start_ms) {
      state.bars[state.bars.length - 1] = bar;
    } else {
      state.bars.push(bar);
    }
    candles.update(candleOf(bar));
    vwap.update(vwapOf(bar));
    volume.update(volumeOf(bar));
    const chartEl = $('chart');
    chartEl.dataset.candles = String(candles.data().length);
    chartEl.dataset.formingTrades = String(bar.trades);
    $('empty').hidden = true;
    showLegend(bar);
  }

  function addToTape(trades) {
    const body = $('tape');
    for (const t of trades) {
      const row = document.createElement('tr');
      if (state.lastTapePrice !== null && t.price !== state.lastTapePrice) {
        row.className = t.price > state.lastTapePrice ? 'up' : 'down';
      }
      state.lastTapePrice = t.price;
      const cells = [new Date(t.t).toISOString().substring(11, 23), price.format(t.price), size.format(t.volume)];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i > 0) td.className = 'num' + (i === 1 ? ' p' : '');
        row.append(td);
      });
      body.prepend(row);
    }
    while (body.rows.length > TAPE_ROWS) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function openStream(generation) {
    const source = new EventSource('/api/stream?' + query({ symbol: state.symbol, window: state.window }));
    state.source = source;
    source.onopen = () => { if (generation === state.generation) setStatus('live', 'live'); };
    source.onerror = () => { if (generation === state.generation) setStatus('connecting', 'reconnecting'); };
    source.addEventListener('bar', (e) => { if (generation === state.generation) applyBar(JSON.parse(e.data)); });
    source.addEventListener('trades', (e) => { if (generation === state.generation) addToTape(JSON.parse(e.data)); });
  }

  function closeStream() {
    if (state.source) {
      state.source.close();
      state.source = null;
    }
  }

  function renderWindows() {
    const box = $('windows');
    box.textContent = '';
    for (const w of state.windows) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = w.window;
      button.dataset.window = w.window;
      button.disabled = !w.available;
      if (!w.available) button.title = 'not available yet';
      button.setAttribute('aria-pressed', String(w.window === state.window));
      button.addEventListener('click', () => {
        state.window = w.window;
        renderWindows();
        remember();
        loadSymbol();
      });
      box.append(button);
    }
  }

  function remember() {
    const url = new URL(window.location.href);
    url.searchParams.set('symbol', state.symbol || '');
    url.searchParams.set('window', state.window);
    window.history.replaceState(null, '', url);
  }

  async function refreshHealth() {
    try {
      const h = await getJson('/api/health');
      const text = (id, value, warn) => {
        const el = $(id);
        el.textContent = value;
        el.classList.toggle('warn', Boolean(warn));
      };
      text('h-in', h.trades_in_per_s === null ? 'n/a' : rate.format(h.trades_in_per_s) + '/s');
      text('h-stored', h.trades_stored_per_s === null ? 'n/a' : rate.format(h.trades_stored_per_s) + '/s');
      text('h-lag', h.lag_ms === null ? 'n/a' : (h.lag_ms / 1000).toFixed(1) + ' s', h.lag_ms > 5000);
      if (h.rejects === null) {
        text('h-rejects', 'n/a');
      } else {
        const entries = Object.entries(h.rejects).filter(([, n]) => n > 0);
        const total = entries.reduce((sum, [, n]) => sum + n, 0);
        text('h-rejects', total === 0 ? '0' : entries.map(([r, n]) => r + ' ' + whole.format(n)).join(', '), total > 0);
      }
      text('h-dead', h.dead_letters === null ? 'n/a' : whole.format(h.dead_letters), h.dead_letters > 0);
      text('h-late', h.late_trades === null ? 'n/a' : whole.format(h.late_trades), h.late_trades > 0);
      text('h-latest', h.latest_trade_ms === null ? '–' : new Date(h.latest_trade_ms).toISOString().replace('T', ' ').substring(0, 19));
    } catch (e) {
      // The strip keeps its last values; the status shows stream problems.
    }
  }

  async function start() {
    const params = new URLSearchParams(window.location.search);
    try {
      state.windows = await getJson('/api/windows');
      const symbols = await getJson('/api/symbols');
      const select = $('symbol');
      for (const s of symbols) {
        select.append(new Option(s, s));
      }
      const wanted = params.get('symbol');
      state.symbol = symbols.includes(wanted) ? wanted : (symbols.includes('SPY') ? 'SPY' : symbols[0] || null);
      const wantedWindow = params.get('window');
      if (state.windows.some((w) => w.window === wantedWindow && w.available)) state.window = wantedWindow;
      renderWindows();
      select.value = state.symbol || '';
      select.addEventListener('change', () => {
        state.symbol = select.value;
        remember();
        loadSymbol();
      });
      refreshHealth();
      setInterval(refreshHealth, HEALTH_EVERY_MS);
      if (state.symbol) {
        await loadSymbol();
      } else {
        $('empty').hidden = false;
        setStatus('connecting', 'no symbols yet');
        // Nothing is shown yet, so nothing is lost by looking again in a moment.
        setTimeout(() => window.location.reload(), 5000);
      }
      document.body.dataset.ready = 'true';
    } catch (e) {
      setStatus('error', e.message);
    }
  }

  start();
}());
