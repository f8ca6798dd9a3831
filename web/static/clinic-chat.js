/*
 * Clinic chat: mounts the rasa-webchat widget and shows an emergency banner when the assistant
 * escalates (a bot message carrying {"escalation": {"urgency": ..., "flags": [...], "case_id": ...}},
 * see docs/escalation-contract.md).
 *
 * Load after the widget bundle:
 *   <script src="/vendor/rasa-webchat.js" defer></script>
 *   <script src="/static/clinic-chat.js" defer></script>
 * Configuration: window.CLINIC_CHAT_CONFIG if the page defines it, else the JSON at the script's
 * data-config URL (default /chat-config.json, served by channels/webchat.py from the environment):
 *   {"socketUrl": "https://chat.example-clinic.com", "socketPath": "/socket.io/",
 *    "emergencyNumber": "112", "title": "...", "subtitle": "..."}
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var ALERT_KEY = "clinic-chat-escalation";
  var TEXTS = {
    emergency: {
      headline: "Emergency: call {n} now",
      detail: "Call {n} now or go to the nearest emergency department. Do not wait for a call back.",
    },
    urgent: {
      headline: "Please see a doctor today",
      detail: "Contact the clinic or a doctor today. If it gets worse, call {n}.",
    },
    soon: {
      headline: "Please book an appointment",
      detail: "Book an appointment with a doctor in the next few days. If it gets worse, call {n}.",
    },
  };

  function telNumber(number) {
    return String(number).replace(/[^0-9+]/g, "");
  }

  function fill(text, number) {
    return text.split("{n}").join(number);
  }

  function readStoredAlert(storage) {
    try {
      var stored = JSON.parse(storage.getItem(ALERT_KEY) || "null");
      return stored && TEXTS[stored.urgency] ? stored : null;
    } catch (e) {
      return null;
    }
  }

  function showAlert(config, storage, escalation) {
    var number = String(config.emergencyNumber || "112");
    var texts = TEXTS[escalation.urgency] || TEXTS.emergency;
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
    headline.textContent = fill(texts.headline, number);
    var detail = document.createElement("span");
    detail.className = "clinic-alert-detail";
    detail.textContent = fill(texts.detail, number);
    message.appendChild(headline);
    message.appendChild(detail);

    var call = document.createElement("a");
    call.className = "clinic-alert-call";
    call.href = "tel:" + telNumber(number);
    call.textContent = "Call " + number;

    var close = document.createElement("button");
    close.type = "button";
    close.className = "clinic-alert-close";
    close.setAttribute("aria-label", "Hide this message");
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
    if (!escalation || !TEXTS[escalation.urgency]) {
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
    var number = String(config.emergencyNumber || "112");
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
    var stored = readStoredAlert(storage);
    if (stored) {
      showAlert(config, storage, stored);
    }
    window.WebChat.default(
      {
        socketUrl: config.socketUrl,
        socketPath: config.socketPath || "/socket.io/",
        initPayload: "/greet",
        title: config.title || "Back care assistant",
        subtitle: config.subtitle || "General information, not a diagnosis",
        inputTextFieldHint: "Ask about back spasms...",
        connectingText: "Connecting...",
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
