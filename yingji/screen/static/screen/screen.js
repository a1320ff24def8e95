/* The command screen (指挥大屏).
 *
 * The panels are filled from one JSON endpoint (config.data_url, ?panels=a,b) and kept
 * current by the live event stream (core/live.js re-dispatches each event as
 * "yingji:live"): an event re-reads only the panels its object concerns, a burst of
 * events is one read (at most one every READ_GAP ms). Without events the panels are
 * re-read every config.refresh_seconds (never under a minute). After the stream was
 * lost and is back ("yingji:live-reconnected") everything is re-read, since events of
 * the gap were missed.
 *
 * A click on an incident follows it (一屏联动): the map flies to it and draws the forces
 * sent (with a line to the scene), the nearest resources and the scene; the right
 * column and the strip under the map show its summary, plan and tasks, reports,
 * forces and nearby resources (config.follow_url), re-read on events about incidents
 * and plans.
 *
 * Long running: the DOM of a panel is replaced, never appended to; listeners and timers
 * are set once; the focus layer is one Leaflet layer group cleared on each read.
 */
(function () {
  "use strict";

  var READ_GAP = 1500;
  var configNode = document.getElementById("screen-config");
  if (!configNode) { return; }
  var config = JSON.parse(configNode.textContent);
  var root = document.getElementById("screen");

  // Which panels an event's object concerns (by "app.model" of its object_type).
  var PANELS_OF = {
    "monitoring.alarm": ["alarms", "major_hazards", "gauges"],
    "monitoring.measurementpoint": ["gauges", "major_hazards"],
    "hazards.hazard": ["hazards", "major_hazards"],
    "enterprises.majorhazard": ["major_hazards"],
    "warnings.bulletin": ["warnings"],
    "core.notification": ["warnings"],
    "incidents.incident": ["incidents"],
    "incidents.dispatchorder": ["incidents", "resources"],
    "incidents.inforeport": ["incidents"],
    "incidents.dutyshift": ["duty"],
    "resources.rescueteam": ["resources"],
    "resources.expert": ["resources"],
    "resources.shelter": ["resources"],
    "resources.warehouse": ["resources"]
  };
  var FOLLOWED_BY = /^(incidents|plans)\./;

  var state = { dirty: {}, timer: null, lastRead: 0, following: null, followDirty: false,
                map: null, focusLayer: null, home: null, reads: 0, applied: 0 };

  // --- DOM helpers -----------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function link(href, className, text) {
    var a = el("a", className, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  // A number that opens its list (a new tab: the screen stays up).
  function figure(fig, label, tone) {
    var box = el("div", "screen-figure");
    var value = fig && fig.value !== null && fig.value !== undefined ? fig.value : "—";
    var num = fig && fig.url ? link(fig.url, "screen-num", value) : el("span", "screen-num", value);
    if (tone && Number(value) > 0) { num.classList.add(tone); }
    num.setAttribute("data-figure", label || (fig && fig.label) || "");
    box.append(num, el("small", "", label || (fig && fig.label) || ""));
    return box;
  }

  function figures(items) {
    var row = el("div", "screen-figures");
    items.forEach(function (item) { row.appendChild(figure(item[0], item[1], item[2])); });
    return row;
  }

  function list(items, render) {
    var ul = el("ul", "screen-list");
    items.forEach(function (item) { ul.appendChild(render(item)); });
    return ul;
  }

  function row(left, right, rightClass) {
    var li = el("li");
    li.append(typeof left === "string" ? el("span", "", left) : left,
              el("span", rightClass || "meta", right));
    return li;
  }

  function empty(text) { return el("p", "screen-empty", text); }

  function body(section) { return section.querySelector(".screen-panel-body"); }

  // --- the panels --------------------------------------------------------------------
  var RENDER = {
    duty: function (d) {
      if (!d.shifts.length) { return [figures([[d.count, "在岗班次"]]), empty("当前无在岗班次")]; }
      return [figures([[d.count, "在岗班次"]]), list(d.shifts, function (s) {
        var li = el("li", "screen-duty");
        var dl = el("dl");
        dl.append(el("dt", "", s.region + " " + s.span + (s.phone ? "　值班电话 " + s.phone : "")),
                  el("dd", "", "带班领导：" + (s.leaders.join("、") || "未排") + "　值班员："
                     + (s.officers.join("、") || "未排")));
        li.appendChild(dl);
        return li;
      })];
    },
    alarms: function (d) {
      var out = [figures([[d.total, "未结束报警", "warm"], [d.levels[0], "一级", "hot"], [d.levels[1], "二级", "warm"],
                          [d.levels[2], "三级"], [d.unacked, "待签收", "hot"]])];
      out.push(d.latest.length ? list(d.latest, function (a) {
        var left = el("span");
        left.append(el("i", "screen-level sev-" + a.severity), link(a.url, "", a.enterprise + "：" + a.text));
        return row(left, a.at);
      }) : empty("当前无未结束报警"));
      return out;
    },
    warnings: function (d) {
      var out = [figures([[d.total, "生效预警", "warm"], [d.levels[0], "红色", "hot"], [d.levels[1], "橙色", "warm"],
                          [d.levels[2], "黄色"], [d.levels[3], "蓝色"]])];
      out.push(d.bulletins.length ? list(d.bulletins.slice(0, 3), function (b) {
        var li = el("li", "screen-stack");
        var head = el("div");
        head.append(el("i", "screen-level lv-" + b.level), link(b.url, "", b.title));
        var pct = b.called ? Math.round(100 * b.acknowledged / b.called) : 0;
        var bar = el("div", "screen-bar");
        var fill = el("span");
        fill.style.width = pct + "%";
        bar.appendChild(fill);
        li.append(head, bar, el("span", "meta", "叫应 " + b.acknowledged + "/" + b.called + "（"
          + pct + "%），未应答" + b.silent + "人，已升级" + b.escalated + "人，至" + b.until));
        return li;
      }) : empty("当前无生效预警"));
      return out;
    },
    incidents: function (d) {
      var out = [figures([[d.total, "处置中事件", "warm"], [d.overdue, "报送超时", "hot"]])];
      out.push(d.incidents.length ? list(d.incidents, function (i) {
        var li = el("li", "screen-incident" + (state.following === i.id ? " selected" : ""));
        li.tabIndex = 0;
        li.setAttribute("role", "button");
        li.setAttribute("data-incident", String(i.id));
        li.title = "点击跟随该事件";
        li.append(el("span", "", (i.grade ? "【" + i.grade + "】" : "") + i.title),
                  el("span", "meta", i.region + "　力量" + i.orders + "（途中" + i.moving + "，到场" + i.arrived + "）"));
        var due = el("span", i.overdue ? "late" : "due", i.countdown || "报告已齐");
        if (i.due_at) { due.setAttribute("data-due", i.due_at); }
        li.appendChild(due);
        return li;
      }) : empty("当前无处置中事件"));
      return out;
    },
    major_hazards: function (d) {
      var items = [[d.total, "重大危险源"]].concat(d.grades.map(function (g) { return [g, g.label]; }));
      items.push([d.alarmed, "报警中", "hot"], [d.offline, "测点离线", "warm"]);
      return [figures(items), d.sources.length ? list(d.sources, function (s) {
        return row(link(s.url, "", s.enterprise + "·" + s.name),
                   "报警" + s.alarms + (s.critical ? "（紧急" + s.critical + "）" : ""), s.critical ? "late" : "meta");
      }) : empty("重大危险源运行平稳")];
    },
    hazards: function (d) {
      return [figures([[d.overdue, "逾期未整改", "hot"], [d.open, "未销号"], [d.major, "重大隐患", "warm"],
                       [d.listed, "挂牌督办"]]),
              d.hazards.length ? list(d.hazards, function (h) {
                return row(link(h.url, "", (h.enterprise ? h.enterprise + "：" : "") + h.title),
                           "逾期" + h.days + "天", "late");
              }) : empty("无逾期隐患")];
    },
    gauges: function (d) {
      return [figures([[d.total, "雨量水位测点"], [d.over, "超警戒", "hot"]]),
              d.gauges.length ? list(d.gauges, function (g) {
                var value = g.value === null ? "无数据" : g.value + " " + g.unit;
                return row(g.name + "（" + g.kind + "）", g.offline ? "离线" : value + "　" + g.at,
                           g.over ? "late" : "meta");
              }) : empty("范围内未接入雨量站、水位站")];
    },
    resources: function (d) {
      return [figures([[d.standby, "待命队伍", "ok"], [d.people, "待命人员", "ok"], [d.deployed, "出动队伍", "warm"],
                       [d.experts, "可调专家"], [d.warehouses, "储备库"], [d.shelters, "可用避难场所"]])];
    }
  };

  function renderPanel(code, data) {
    var section = root.querySelector('.screen-panel[data-panel="' + code + '"]');
    if (!section || !RENDER[code]) { return; }
    body(section).replaceChildren.apply(body(section), RENDER[code](data));
    section.setAttribute("data-loaded", String(Date.now()));
  }

  // --- reading -----------------------------------------------------------------------
  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (response.status === 401) { throw new Error("会话已失效，请重新登录"); }
        if (!response.ok) { throw new Error("读取失败（" + response.status + "）"); }
        return response.json();
      });
  }

  function showError(message) {
    var live = document.getElementById("screen-live");
    live.textContent = message;
    live.setAttribute("data-state", "reconnecting");
  }

  function read(codes) {
    state.reads += 1;
    var url = config.data_url + "?panels=" + encodeURIComponent(codes.join(","));
    return fetchJSON(url).then(function (data) {
      codes.forEach(function (code) {
        if (data.panels[code]) { renderPanel(code, data.panels[code]); return; }
        // A panel of a module the user may not view: said once, never "loading" forever.
        var section = root.querySelector('.screen-panel[data-panel="' + code + '"]');
        if (section) { body(section).replaceChildren(empty("您无权查看本面板的数据")); }
      });
      document.getElementById("screen-updated").textContent = data.at;
      state.applied += 1;
      root.setAttribute("data-applied", String(state.applied));
      tick();
    }).catch(function (error) { showError(error.message); });
  }

  function flush() {
    state.timer = null;
    var codes = Object.keys(state.dirty);
    state.dirty = {};
    state.lastRead = Date.now();
    var work = [];
    if (codes.length) { work.push(read(codes)); }
    if (state.followDirty && state.following) {
      state.followDirty = false;
      work.push(readFollowed());
    }
    return Promise.all(work);
  }

  function schedule(codes, follow) {
    codes.forEach(function (code) {
      if (config.panels.indexOf(code) >= 0) { state.dirty[code] = true; }
    });
    if (follow) { state.followDirty = true; }
    if (state.timer || (!Object.keys(state.dirty).length && !state.followDirty)) { return; }
    var wait = Math.max(100, READ_GAP - (Date.now() - state.lastRead));
    state.timer = setTimeout(flush, wait);
  }

  function readAll() { schedule(config.panels, true); }

  document.addEventListener("yingji:live", function (event) {
    var type = (event.detail && event.detail.object_type) || "";
    schedule(PANELS_OF[type] || [], FOLLOWED_BY.test(type));
  });
  document.addEventListener("yingji:live-reconnected", readAll);
  document.addEventListener("yingji:live-state", function (event) {
    var live = document.getElementById("screen-live");
    var open = event.detail.state === "open";
    live.setAttribute("data-state", open ? "open" : "reconnecting");
    live.textContent = open ? "实时连接正常" : "连接中断，正在重连";
  });
  setInterval(readAll, Math.max(60, config.refresh_seconds) * 1000);

  // --- clock and countdowns (local, once a second) -------------------------------------
  function countdown(iso) {
    var seconds = (Date.parse(iso) - Date.now()) / 1000;
    var minutes = Math.floor(Math.abs(seconds) / 60);
    var text = minutes >= 60 ? Math.floor(minutes / 60) + "时" + String(minutes % 60).padStart(2, "0") + "分"
      : minutes + "分";
    return seconds < 0 ? "已超时" + text : "剩余" + text;
  }

  function tick() {
    var now = new Date();
    document.getElementById("screen-clock").textContent = now.toLocaleString("zh-CN", {
      timeZone: "Asia/Shanghai", hour12: false, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit" });
    root.querySelectorAll("[data-due]").forEach(function (node) {
      var text = countdown(node.getAttribute("data-due"));
      node.textContent = text;
      node.className = text.indexOf("已超时") === 0 ? "late" : "due";
    });
  }
  setInterval(tick, 1000);

  // --- following an incident (一屏联动) -------------------------------------------------
  var COLOURS = { incident: "#ff3b3b", moving: "#ffa94d", scene: "#51cf66", near: "#4dabf7" };

  function focusSection(key) { return root.querySelector('.screen-focus[data-focus="' + key + '"]'); }

  function fill(key, nodes) {
    var target = body(focusSection(key));
    target.replaceChildren.apply(target, nodes);
  }

  function renderFollowed(f) {
    document.getElementById("screen-follow-title").textContent = f.title;
    var kv = el("dl", "screen-kv");
    [["等级", f.grade || "未定级"], ["状态", f.state], ["响应", f.response_level || "未启动"],
     ["地点", f.region + " " + f.address], ["接报", f.received], ["涉事企业", f.enterprise || "无"],
     ["伤亡", f.casualties]].forEach(function (pair) { kv.append(el("dt", "", pair[0]), el("dd", "", pair[1])); });
    fill("summary", [kv, link(f.url, "screen-link", "打开事件详情")]);
    var plan = f.plan ? el("p", "", "已启动：" + f.plan.name + "（" + f.plan.level + "，" + f.plan.started + "）")
      : el("p", "screen-empty", "未启动预案");
    fill("plan", [plan, figures([[{ value: f.tasks_done + "/" + f.tasks.length, url: f.url }, "任务完成"]]),
                  list(f.tasks, function (t) {
                    return row((t.department ? t.department + "：" : "") + t.title, t.state + " " + t.due,
                               t.late ? "late" : "meta");
                  })]);
    fill("reports", [f.reports.length ? list(f.reports, function (r) {
      return row(r.kind + (r.sequence > 1 ? "（" + r.sequence + "）" : "") + "　" + r.status,
                 r.countdown || (r.late ? "迟报" : r.due), r.owed ? (r.countdown.indexOf("已超时") === 0 ? "late" : "due") : "meta");
    }) : empty("尚无报送")]);
    fill("forces", [f.orders.length ? list(f.orders, function (o) {
      return row(o.kind + "：" + o.name, o.state_label + " " + o.issued, o.active ? "due" : "meta");
    }) : empty("尚未调派力量")]);
    fill("nearby", [f.nearby.items.length ? list(f.nearby.items, function (n) {
      return row(n.type + "：" + n.name, n.km + "公里，约" + n.minutes + "分钟");
    }) : empty(f.point ? "周边无可用资源" : "事件未标注坐标，无法查找周边资源")]);
    drawFocus(f);
    root.setAttribute("data-following", String(f.id));
  }

  function drawFocus(f) {
    if (!state.map) { return; }
    var L = window.L;
    if (!state.focusLayer) { state.focusLayer = L.layerGroup().addTo(state.map); }
    state.focusLayer.clearLayers();
    if (!f.point) { return; }
    var scene = [f.point[1], f.point[0]];
    f.nearby.items.forEach(function (n) {
      L.circleMarker([n.point[1], n.point[0]], { radius: 7, color: COLOURS.near, fillOpacity: 0.8, weight: 2 })
        .bindTooltip(n.type + "：" + n.name).addTo(state.focusLayer);
    });
    f.orders.forEach(function (o) {
      if (!o.point || !o.active) { return; }
      var at = [o.point[1], o.point[0]];
      var colour = o.state === "arrived" || o.state === "working" || o.state === "completed" ? COLOURS.scene : COLOURS.moving;
      L.polyline([at, scene], { color: colour, weight: 2, dashArray: "6 6" }).addTo(state.focusLayer);
      L.circleMarker(at, { radius: 8, color: colour, fillOpacity: 0.9, weight: 2 })
        .bindTooltip(o.name + "（" + o.state_label + "）").addTo(state.focusLayer);
    });
    L.circleMarker(scene, { radius: 12, color: COLOURS.incident, fillColor: COLOURS.incident, fillOpacity: 0.6, weight: 3 })
      .bindTooltip(f.title, { permanent: true, direction: "top" }).addTo(state.focusLayer);
    state.map.flyTo(scene, Math.max(state.map.getZoom(), 13), { duration: 0.8 });
  }

  function readFollowed() {
    var id = state.following;
    return fetchJSON(config.follow_url.replace(/0\.json$/, id + ".json")).then(function (f) {
      if (state.following === id) { renderFollowed(f); }
    }).catch(function (error) { showError(error.message); });
  }

  function setFollowing(id) {
    state.following = id;
    var on = id !== null;
    root.classList.toggle("following", on);
    document.getElementById("screen-follow-bar").hidden = !on;
    root.querySelectorAll(".screen-col-right .screen-panel:not(.screen-focus), .screen-bottom .screen-panel:not(.screen-focus)")
      .forEach(function (section) { section.hidden = on; });
    root.querySelectorAll(".screen-focus").forEach(function (section) { section.hidden = !on; });
    root.querySelectorAll(".screen-incident").forEach(function (item) {
      item.classList.toggle("selected", on && Number(item.getAttribute("data-incident")) === id);
    });
    if (on) { return readFollowed(); }
    root.removeAttribute("data-following");
    if (state.focusLayer) { state.focusLayer.clearLayers(); }
    if (state.map && state.home) { state.map.setView(state.home.center, state.home.zoom); }
    return Promise.resolve();
  }

  root.addEventListener("click", function (event) {
    var item = event.target.closest(".screen-incident");
    if (item && !event.target.closest("a")) { setFollowing(Number(item.getAttribute("data-incident"))); }
  });
  root.addEventListener("keydown", function (event) {
    var item = event.target.closest(".screen-incident");
    if (item && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      setFollowing(Number(item.getAttribute("data-incident")));
    }
  });
  document.getElementById("screen-unfollow").addEventListener("click", function () { setFollowing(null); });

  if (window.YingjiMap) {
    window.YingjiMap.whenReady("screen-map", function (instance) {
      state.map = instance.map;
      instance.base.then(function () {
        state.home = { center: state.map.getCenter(), zoom: state.map.getZoom() };
      });
    });
  }

  window.YingjiScreen = {
    state: state, readAll: readAll, flush: flush, follow: setFollowing,
    schedule: schedule
  };
  tick();
  read(config.panels);
})();
