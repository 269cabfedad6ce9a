extension AnimationPage {
    /// The player: reads `TAKT_TIMELINE`, lights the drawing's lamps and buffers at the shown time, and draws the time line.
    ///
    /// Plain ES5 in one closure, no library. It sits in a CDATA section, so it may use `<` and `&`.
    static let script = #"""
        (function () {
          "use strict";
          var D = TAKT_TIMELINE, L = D.length, t = 0, playing = false, last = null;
          var $ = function (id) { return document.getElementById(id); };
          var play = $("play"), scrub = $("scrub"), clock = $("clock"), speed = $("speed"), counters = $("counters");
          var canvas = $("gantt"), cursor = $("cursor"), tip = $("tip");
          var lamps = [], fills = [], labels = [], gauges = [], fleetText = $("fleets");
          Array.prototype.forEach.call(document.querySelectorAll("[data-server]"), function (el) {
            var title = el.querySelector("title");
            lamps[+el.getAttribute("data-server")] = { el: el, title: title, base: title ? title.textContent : "", state: -2 };
          });
          Array.prototype.forEach.call(document.querySelectorAll("[data-level]"), function (el) {
            fills[+el.getAttribute("data-level")] = { el: el, bottom: +el.getAttribute("data-bottom"), full: +el.getAttribute("data-full"), level: -1 };
          });
          Array.prototype.forEach.call(document.querySelectorAll("[data-level-text]"), function (el) { labels[+el.getAttribute("data-level-text")] = el; });
          Array.prototype.forEach.call(document.querySelectorAll("[data-kits]"), function (el) {
            gauges[+el.getAttribute("data-kits")] = { el: el, bottom: +el.getAttribute("data-bottom"), full: +el.getAttribute("data-full"), level: -1 };
          });

          // Vehicles: a dot each in the drawing's vehicle layer, at its place or on its way between two
          // (a kitted station's stop, its fleet's depot or charger), spread a little so that they do not hide each other.
          var SVGNS = "http://www.w3.org/2000/svg", layer = document.querySelector("[data-vehicles]");
          function points(attribute) {
            var out = [];
            Array.prototype.forEach.call(document.querySelectorAll("[" + attribute + "]"), function (el) {
              out[+el.getAttribute(attribute)] = { x: +el.getAttribute("cx"), y: +el.getAttribute("cy") };
            });
            return out;
          }
          var stops = points("data-stop"), depots = points("data-depot"), chargers = points("data-charger");
          var cars = !layer ? [] : D.fleets.map(function (fleet, f) {
            var list = [];
            for (var v = 0; v < fleet.vehicles; v++) {
              var dot = document.createElementNS(SVGNS, "circle");
              dot.setAttribute("r", "3.2");
              dot.setAttribute("stroke", "#FFFFFF");
              dot.setAttribute("stroke-width", "0.8");
              dot.setAttribute("data-vehicle", f + ":" + v);
              layer.appendChild(dot);
              list.push({ el: dot, moves: [], x: NaN, y: NaN, moving: null });
            }
            for (var i = 0; i < fleet.moves.length; i += 5) list[fleet.moves[i]].moves.push(fleet.moves.slice(i + 1, i + 5));
            return list;
          });
          // Where vehicle v of fleet f stands at place: a station's stop, the depot (-1) or the charger (-2).
          function spot(f, place, v) {
            var p = place >= 0 ? stops[place] : place === -2 ? chargers[f] : depots[f];
            if (!p) p = depots[f] || { x: 0, y: 0 };
            if (place >= 0) return { x: p.x + (v % 8) * 5 - 17.5, y: p.y };
            return { x: p.x + (v % 26) * 6 - 75, y: p.y + (Math.floor(v / 26) % 4) * 6 - 9 };
          }
          function showVehicles(time) {
            cars.forEach(function (list, f) {
              list.forEach(function (car, v) {
                var m = car.moves, lo = 0, hi = m.length - 1, at, moving = false;
                while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (m[mid][2] <= time) lo = mid; else hi = mid - 1; }
                if (m.length === 0 || m[0][2] > time) {
                  at = spot(f, D.fleets[f].places[v], v);
                } else if (time < m[lo][3]) {
                  var a = spot(f, m[lo][0], v), b = spot(f, m[lo][1], v), k = (time - m[lo][2]) / Math.max(1e-9, m[lo][3] - m[lo][2]);
                  at = { x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k };
                  moving = true;
                } else {
                  at = spot(f, m[lo][1], v);
                }
                if (at.x !== car.x || at.y !== car.y) {
                  car.x = at.x; car.y = at.y;
                  car.el.setAttribute("cx", at.x.toFixed(1));
                  car.el.setAttribute("cy", at.y.toFixed(1));
                }
                if (moving !== car.moving) { car.moving = moving; car.el.setAttribute("fill", moving ? "#CC79A7" : "#8F5C7D"); }
              });
            });
          }

          // The index of the last entry of [time, value, ..., time, value, ...] (width numbers each) starting at or before time, or -1.
          function entryAt(list, width, time) {
            var lo = 0, hi = list.length / width - 1;
            if (hi < 0 || list[0] > time) return -1;
            while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (list[width * mid] <= time) lo = mid; else hi = mid - 1; }
            return lo;
          }
          function pairAt(list, time) { return entryAt(list, 2, time); }
          function valueAt(list, time) { var i = pairAt(list, time); return i < 0 ? -1 : list[2 * i + 1]; }
          // How many of the sorted times are at or before time.
          function countTo(times, time) {
            var lo = 0, hi = times.length;
            while (lo < hi) { var mid = (lo + hi) >> 1; if (times[mid] <= time) lo = mid + 1; else hi = mid; }
            return lo;
          }
          function two(n) { return (n < 10 ? "0" : "") + n; }
          function clockText(seconds) {
            var s = Math.floor(D.from + seconds), day = Math.floor(s / 86400) + 1;
            s %= 86400;
            return "day " + day + " " + two(Math.floor(s / 3600)) + ":" + two(Math.floor(s % 3600 / 60)) + ":" + two(s % 60);
          }
          function lengthText(seconds) {
            if (seconds < 120) return Math.round(seconds) + " s";
            if (seconds < 7200) return Math.round(seconds / 60) + " min";
            return (seconds / 3600).toFixed(1) + " h";
          }

          function show(time) {
            t = Math.max(0, Math.min(L, time));
            for (var k = 0; k < lamps.length; k++) {
              var lamp = lamps[k];
              if (!lamp) continue;
              var state = valueAt(D.servers[k] || [], t);
              if (state === lamp.state) continue;
              lamp.state = state;
              lamp.el.setAttribute("fill", state < 0 ? "#FFFFFF" : D.colours[state]);
              if (lamp.title) lamp.title.textContent = lamp.base + ": " + (state < 0 ? "not recorded" : D.states[state]);
            }
            for (var s = 0; s < D.stations.length; s++) {
              var fill = fills[s], level = valueAt(D.levels[s], t);
              if (!fill || level === fill.level) continue;
              fill.level = level;
              var station = D.stations[s], places = station.capacity === undefined ? Math.max(1, station.maxLevel) : station.capacity;
              var height = places > 0 ? fill.full * Math.min(1, Math.max(0, level) / places) : 0;
              fill.el.setAttribute("y", fill.bottom - height);
              fill.el.setAttribute("height", height);
              if (labels[s]) labels[s].textContent = Math.max(0, level) + "/" + (station.capacity === undefined ? "\u221E" : station.capacity);
            }
            for (s = 0; s < D.stations.length; s++) {
              var gauge = gauges[s], kits = gauge ? valueAt(D.kits[s], t) : -1;
              if (!gauge || kits === gauge.level) continue;
              gauge.level = kits;
              var kitHeight = gauge.full * Math.min(1, Math.max(0, kits) / Math.max(1, D.stations[s].kits));
              gauge.el.setAttribute("y", gauge.bottom - (kits === 0 ? gauge.full : kitHeight));
              gauge.el.setAttribute("height", kits === 0 ? gauge.full : kitHeight);
              gauge.el.setAttribute("fill", kits === 0 ? "#D55E00" : "#009E73");
            }
            if (fleetText) {
              fleetText.textContent = D.fleets.map(function (fleet) {
                var i = entryAt(fleet.counts, 4, t), c = fleet.counts;
                if (i < 0) return fleet.name + ": not recorded";
                return fleet.name + ": " + c[4 * i + 2] + " of " + fleet.vehicles + " vehicles on a trip, "
                  + (c[4 * i + 3] > 0 ? c[4 * i + 3] + " charging, " : "") + c[4 * i + 1] + " idle";
              }).join("; ") + ".";
            }
            showVehicles(t);
            clock.textContent = clockText(t);
            scrub.value = t;
            var out = countTo(D.departures, t), span = Math.min(t, 3600), recent = out - countTo(D.departures, t - span);
            counters.textContent = out + " jobs left the plant since " + clockText(0)
              + (span > 0 ? "; " + recent + " in the last " + lengthText(span) + " (" + (recent * 3600 / span).toFixed(1) + " an hour)" : "") + ".";
            placeCursor();
          }

          function frame(now) {
            if (!playing) return;
            if (last !== null) show(t + (now - last) / 1000 * +speed.value);
            last = now;
            if (t >= L) { pause(); return; }
            requestAnimationFrame(frame);
          }
          function start() { if (t >= L) t = 0; playing = true; last = null; play.textContent = "Pause"; requestAnimationFrame(frame); }
          function pause() { playing = false; play.textContent = "Play"; }
          play.addEventListener("click", function () { if (playing) pause(); else start(); });
          scrub.addEventListener("input", function () { show(+scrub.value); });
          document.addEventListener("keydown", function (e) {
            if (e.key !== " " || /^(INPUT|SELECT|BUTTON|TEXTAREA)$/.test(e.target.tagName)) return;
            e.preventDefault();
            if (playing) pause(); else start();
          });

          // The time line: a row per station, a lane per server.
          var G = { left: 180, top: 26, right: 24, rows: [], height: 0, width: 0 };
          (function layout() {
            var y = G.top;
            D.stations.forEach(function (station) {
              var h = Math.max(12, Math.min(42, station.servers * 3));
              G.rows.push({ top: y, height: h });
              y += h + 3;
            });
            G.height = y + 4;
          })();
          function tickStep() {
            var steps = [60, 300, 600, 1800, 3600, 7200, 14400, 21600, 43200, 86400, 172800, 604800];
            for (var i = 0; i < steps.length; i++) if (L / steps[i] <= 12) return steps[i];
            return steps[steps.length - 1];
          }
          function xOf(time) { return G.left + time / L * G.width; }
          function draw() {
            var ratio = window.devicePixelRatio || 1, cssWidth = canvas.parentNode.clientWidth;
            G.width = Math.max(100, cssWidth - G.left - G.right);
            canvas.width = Math.round(cssWidth * ratio);
            canvas.height = Math.round(G.height * ratio);
            canvas.style.height = G.height + "px";
            var c = canvas.getContext("2d");
            c.setTransform(ratio, 0, 0, ratio, 0, 0);
            c.clearRect(0, 0, cssWidth, G.height);
            c.font = "11px 'DejaVu Sans', Arial, sans-serif";
            c.textBaseline = "middle";
            var step = tickStep(), first = Math.ceil(D.from / step) * step - D.from;
            c.strokeStyle = "#E3E3E3";
            c.fillStyle = "#444444";
            c.textAlign = "center";
            for (var tick = first; tick <= L + 1e-9; tick += step) {
              var x = Math.round(xOf(tick)) + 0.5;
              c.beginPath(); c.moveTo(x, G.top - 4); c.lineTo(x, G.height - 4); c.stroke();
              var label = clockText(tick), space = label.indexOf(" ", 4);
              c.fillText(step >= 86400 ? label.slice(0, space) : label.slice(space + 1, -3), x, G.top - 14);
            }
            c.textAlign = "right";
            D.stations.forEach(function (station, s) {
              var row = G.rows[s], lane = row.height / station.servers;
              c.fillStyle = "#1d1d1d";
              var name = station.name.length > 26 ? station.name.slice(0, 25) + "\u2026" : station.name;
              c.fillText(name, G.left - 8, row.top + row.height / 2);
              for (var i = 0; i < station.servers; i++) {
                var list = D.servers[station.first + i] || [], y = row.top + i * lane, h = Math.max(1, lane - (lane > 4 ? 0.6 : 0));
                for (var p = 0; p < list.length; p += 2) {
                  var x0 = xOf(list[p]), x1 = xOf(p + 2 < list.length ? list[p + 2] : (D.stoppedAt === undefined ? L : D.stoppedAt));
                  c.fillStyle = D.colours[list[p + 1]];
                  c.fillRect(x0, y, Math.max(0.6, x1 - x0), h);
                }
              }
            });
            if (D.stoppedAt !== undefined) {
              c.fillStyle = "rgba(120, 120, 120, 0.35)";
              c.fillRect(xOf(D.stoppedAt), G.top, xOf(L) - xOf(D.stoppedAt), G.height - G.top - 4);
            }
            cursor.style.top = (G.top - 4) + "px";
            cursor.style.height = (G.height - G.top) + "px";
            placeCursor();
          }
          function placeCursor() { cursor.style.left = (xOf(t) - 1) + "px"; }
          function hit(e) {
            var box = canvas.getBoundingClientRect(), x = e.clientX - box.left, y = e.clientY - box.top;
            if (x < G.left || x > G.left + G.width) return null;
            var time = (x - G.left) / G.width * L;
            for (var s = 0; s < G.rows.length; s++) {
              var row = G.rows[s];
              if (y < row.top || y >= row.top + row.height) continue;
              var station = D.stations[s], i = Math.min(station.servers - 1, Math.floor((y - row.top) / (row.height / station.servers)));
              return { time: time, station: station, server: i, x: x, y: y };
            }
            return { time: time };
          }
          canvas.addEventListener("click", function (e) { var h = hit(e); if (h) show(h.time); });
          canvas.addEventListener("mousemove", function (e) {
            var h = hit(e);
            if (!h || !h.station) { tip.style.display = "none"; return; }
            var list = D.servers[h.station.first + h.server] || [], p = pairAt(list, h.time);
            if (p < 0) { tip.style.display = "none"; return; }
            var end = 2 * p + 2 < list.length ? list[2 * p + 2] : L;
            tip.textContent = h.station.name + (h.station.servers > 1 ? ", server " + (h.server + 1) : "") + ": " + D.states[list[2 * p + 1]]
              + " " + clockText(list[2 * p]).slice(-8) + "\u2013" + clockText(end).slice(-8) + " (" + lengthText(end - list[2 * p]) + ")";
            tip.style.display = "block";
            tip.style.left = Math.min(h.x + 12, canvas.clientWidth - tip.offsetWidth - 4) + "px";
            tip.style.top = (h.y + 14) + "px";
          });
          canvas.addEventListener("mouseleave", function () { tip.style.display = "none"; });
          window.addEventListener("resize", draw);
          draw();
          // A link may say where to start: page.html#t=3600 (seconds into the window).
          var linked = /t=([0-9.]+)/.exec(window.location.hash);
          show(linked ? +linked[1] : 0);
        })();
        """#
}
