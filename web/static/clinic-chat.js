/*
 * Clinic chat: mounts the rasa-webchat widget and shows an emergency banner when the assistant
 * escalates (a bot message carrying {"escalation": {"urgency": ..., "flags": [...], "case_id": ...}},
 * see docs/escalation.md).
 *
 * Load after the widget bundle:
 *   <script src="/vendor/rasa-webchat.js" defer></script>
 *   <script src="/static/clinic-chat.js" defer></script>
 * Configuration: window.CLINIC_CHAT_CONFIG if the page defines it, else the JSON at the script's
 * data-config URL (default /chat-config.json, served by channels/webchat.py from the environment
 * and domain/channels.yml). Nothing the patient reads is written here: the urgency levels, the
 * emergency number and every text come from that configuration:
 *   {"socketUrl": "https://chat.example-clinic.com", "socketPath": "/socket.io/",
 *    "emergencyNumber": "999", "title": "...", "subtitle": "...",
 *    "urgencies": ["emergency", "urgent", "soon"],
 *    "alerts": {"emergency": {"headline": "...", "detail": "..."}, ...},
 *    "texts": {"callButton": "...", "closeLabel": "...", "inputHint": "...", "connecting": "..."}}
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ALERT_KEY = "clinic-chat-escalation";

  function telNumber(number) {
    return String(number).replace(/[^0-9+]/g, "");
  }

  function text(config, key) {
    return (config.texts && config.texts[key]) || "";
  }

  // The alert texts for a level the server knows, else null.
  function alertTexts(config, urgency) {
    var known = (config.urgencies || []).indexOf(urgency) >= 0;
    return known && config.alerts && config.alerts[urgency] ? config.alerts[urgency] : null;
  }

  function readStoredAlert(config, storage) {
    try {
      var stored = JSON.parse(storage.getItem(ALERT_KEY) || "null");
      return stored && alertTexts(config, stored.urgency) ? stored : null;
    } catch (e) {
      return null;
    }
  }

  function showAlert(config, storage, escalation) {
    var number = String(config.emergencyNumber);
    var texts = alertTexts(config, escalation.urgency);
    var banner = document.getElementById("clinic-alert");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "clinic-alert";
      banner.setAttribute("role", "alert");
      document.body.appendChild(banner);
    }
    banner.className = "clinic-alert clinic-alert-" + escalation.urgency;
    banner.textContent = "";

    var message = document.createElement("div");
    message.className = "clinic-alert-text";
    var headline = document.createElement("strong");
    headline.className = "clinic-alert-headline";
    headline.textContent = texts.headline;
    var detail = document.createElement("span");
    detail.className = "clinic-alert-detail";
    detail.textContent = texts.detail;
    message.appendChild(headline);
    message.appendChild(detail);

    var call = document.createElement("a");
    call.className = "clinic-alert-call";
    call.href = "tel:" + telNumber(number);
    call.textContent = text(config, "callButton");

    var close = document.createElement("button");
    close.type = "button";
    close.className = "clinic-alert-close";
    close.setAttribute("aria-label", text(config, "closeLabel"));
    close.textContent = "\u00d7";
    close.addEventListener("click", function () {
      banner.hidden = true;
      document.body.classList.remove("clinic-alert-active");
      setAlertHeight(null);
      try {
        storage.removeItem(ALERT_KEY);
      } catch (e) {
        /* storage unavailable: nothing to forget */
      }
    });

    banner.appendChild(message);
    banner.appendChild(call);
    banner.appendChild(close);
    banner.hidden = false;
    document.body.classList.add("clinic-alert-active");
    setAlertHeight(banner);
  }

  function setAlertHeight(banner) {
    var height = banner && !banner.hidden ? banner.offsetHeight : 0;
    document.documentElement.style.setProperty("--clinic-alert-height", height + "px");
  }

  window.addEventListener("resize", function () {
    setAlertHeight(document.getElementById("clinic-alert"));
  });

  function onBotMessage(config, storage, message) {
    var escalation = message && message.escalation;
    if (!escalation || !alertTexts(config, escalation.urgency)) {
      return;
    }
    var stored = { urgency: escalation.urgency, caseId: escalation.case_id || null, at: Date.now() };
    try {
      storage.setItem(ALERT_KEY, JSON.stringify(stored));
    } catch (e) {
      /* storage unavailable: the banner still shows for this page view */
    }
    showAlert(config, storage, stored);
  }

  function fillNumbers(config) {
    if (!config.emergencyNumber) {
      return;
    }
    var number = String(config.emergencyNumber);
    var nodes = document.querySelectorAll("[data-emergency-number]");
    for (var i = 0; i < nodes.length; i += 1) {
      nodes[i].textContent = number;
      if (nodes[i].tagName === "A") {
        nodes[i].href = "tel:" + telNumber(number);
      }
    }
  }

  function start(config) {
    var storage = config.storage === "session" ? window.sessionStorage : window.localStorage;
    fillNumbers(config);
    var stored = readStoredAlert(config, storage);
    if (stored) {
      showAlert(config, storage, stored);
    }
    window.WebChat.default(
      {
        socketUrl: config.socketUrl,
        socketPath: config.socketPath || "/socket.io/",
        initPayload: "/greet",
        title: config.title || text(config, "title"),
        subtitle: config.subtitle || text(config, "subtitle"),
        inputTextFieldHint: text(config, "inputHint"),
        connectingText: text(config, "connecting"),
        hideWhenNotConnected: false,
        withRules: false,
        showFullScreenButton: false,
        mainColor: config.mainColor || "#1f4e79",
        userBackgroundColor: config.mainColor || "#1f4e79",
        userTextColor: "#ffffff",
        customMessageDelay: function () {
          return 300;
        },
        params: { storage: config.storage === "session" ? "session" : "local" },
        onSocketEvent: {
          bot_uttered: function (message) {
            onBotMessage(config, storage, message);
          },
        },
      },
      null
    );
  }

  function load() {
    if (window.CLINIC_CHAT_CONFIG) {
      start(window.CLINIC_CHAT_CONFIG);
      return;
    }
    var url = (script && script.getAttribute("data-config")) || "/chat-config.json";
    fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("chat configuration: HTTP " + response.status);
        }
        return response.json();
      })
      .then(start)
      .catch(function (error) {
        if (window.console) {
          window.console.error("Clinic chat could not start:", error);
        }
      });
  }

  load();
})();
