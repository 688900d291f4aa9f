// Never lose what was typed.
//
// - Every form that posts keeps a draft of its fields in this tab's sessionStorage while it holds unsaved input;
//   never its password, file, CSRF or NISS fields (nor a form or field marked data-draft="off"). Drafts are keyed
//   by user and by the address the form posts to.
// - When a session has ended, an HTMX request is answered 401 with a re-login dialog (the server's
//   missionlocale.middleware.LoginRequiredMiddleware); after the login, the page shows the form again and its
//   draft is put back with a visible notice, including the form's submission key, so the interview is stored once.
// - A draft is dropped once its form is saved: an HTMX answer in 2xx, or, for a full-page form, the
//   ml_form_saved cookie the server sets on the redirect that follows a save. All drafts are deleted at logout
//   (the logout form here, and the server's Clear-Site-Data), drafts of another user on each page load, and
//   sessionStorage itself ends with the tab.
// - A form sent from a page whose CSRF token is stale (a new login in another tab) says so, and a reload gives
//   the draft back with a fresh token.
// - Leaving a page with unsaved input asks first (beforeunload).
(function () {
  "use strict";
  var root = document.getElementById("ml-drafts");
  var store = null;
  try { store = window.sessionStorage; } catch (error) { store = null; }
  if (!root || !store) return;

  var PREFIX = "ml-draft:";
  var SAVED_COOKIE = "ml_form_saved";
  var MAX_AGE_MS = 12 * 3600 * 1000;  // the absolute session limit: older drafts are not offered
  var KEPT_HIDDEN = ["submission_key", "version"];
  var SKIPPED_TYPES = ["password", "file", "submit", "button", "reset", "image"];
  var user = root.getAttribute("data-user") || "";
  var logoutPath = root.getAttribute("data-logout-url");
  var userPrefix = PREFIX + user + ":";
  var leaving = false;  // a deliberate navigation (a form posted, the re-login link): no warning

  function path(url) {
    var parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }

  function formPath(form) {
    return path(form.getAttribute("hx-post") || form.getAttribute("action") || window.location.href);
  }

  function draftable(form) {
    if (!form || form.tagName !== "FORM") return false;
    var posts = (form.getAttribute("method") || "").toLowerCase() === "post" || form.hasAttribute("hx-post");
    if (!posts || form.getAttribute("data-draft") === "off") return false;
    // A search, a filter or a login holds nothing to keep: a form that sends itself at each change, a search
    // form, a form with a password.
    if (/\b(change|input|keyup)\b/.test(form.getAttribute("hx-trigger") || "")) return false;
    // (A field's own search box, one that fetches its choices with hx-get, does not make the form a search.)
    var searchBox = "input[type=search]:not([hx-get]):not([hx-post]), input[type=password]";
    if (form.getAttribute("role") === "search" || form.querySelector(searchBox)) {
      return false;
    }
    return formPath(form) !== logoutPath;
  }

  function kept(field) {
    if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") return false;
    if (/niss/i.test(field.name) || field.closest("[data-draft=off]")) return false;
    if (field.hasAttribute("hx-post") || field.hasAttribute("hx-get")) return false;  // a search box of its own
    var type = (field.type || "").toLowerCase();
    if (SKIPPED_TYPES.indexOf(type) !== -1) return false;
    if (type === "hidden") return KEPT_HIDDEN.indexOf(field.name) !== -1;
    return ["INPUT", "TEXTAREA", "SELECT"].indexOf(field.tagName) !== -1;
  }

  function fields(form, withHidden) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return kept(field) && (withHidden || field.type !== "hidden");
    });
  }

  function key(form) {
    var samePath = Array.prototype.filter.call(document.querySelectorAll("form"), function (other) {
      return draftable(other) && formPath(other) === formPath(form) && !other.id;
    });
    var suffix = form.id ? "#" + form.id : samePath.length > 1 ? "#" + samePath.indexOf(form) : "";
    return userPrefix + formPath(form) + suffix;
  }

  function snapshot(form, withHidden) {
    var values = {};
    fields(form, withHidden).forEach(function (field) {
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (type === "select-multiple") {
        values[field.name] = Array.prototype.filter.call(field.options, function (option) {
          return option.selected;
        }).map(function (option) { return option.value; });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function changed(field) {
    var type = (field.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {
      var options = Array.prototype.slice.call(field.options);
      var anyDefault = options.some(function (option) { return option.defaultSelected; });
      if (!anyDefault && type === "select-one") return field.selectedIndex > 0;
      return options.some(function (option) { return option.selected !== option.defaultSelected; });
    }
    return field.value !== field.defaultValue;
  }

  // Unsaved: changed since the page showed it, or sent back with errors (what was typed is then the default).
  function unsaved(form) {
    var visible = fields(form, false);
    if (visible.some(changed)) return true;
    return Boolean(form.querySelector(".is-invalid, .alert-danger")) && visible.some(function (field) {
      return (field.tagName === "TEXTAREA" || field.type === "text") && field.value.trim() !== "";
    });
  }

  function read(storageKey) {
    try { return JSON.parse(store.getItem(storageKey)); } catch (error) { return null; }
  }

  function save(form) {
    if (!draftable(form) || !user) return;
    try {
      if (unsaved(form)) store.setItem(key(form), JSON.stringify({ at: Date.now(), fields: snapshot(form, true) }));
      else store.removeItem(key(form));
    } catch (error) { /* storage full or refused: the form itself still holds the text */ }
  }

  function drop(form) {
    if (draftable(form)) store.removeItem(key(form));
  }

  function storedKeys() {
    var keys = [];
    for (var index = 0; index < store.length; index += 1) {
      if (store.key(index).indexOf(PREFIX) === 0) keys.push(store.key(index));
    }
    return keys;
  }

  function clearAll() {
    storedKeys().forEach(function (storageKey) { store.removeItem(storageKey); });
  }

  function notice(name) {
    var template = root.querySelector('template[data-template="' + name + '"]');
    return template.content.firstElementChild.cloneNode(true);
  }

  function apply(form, values) {
    fields(form, true).forEach(function (field) {
      if (!Object.prototype.hasOwnProperty.call(values, field.name)) return;
      var value = values[field.name];
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") field.checked = [].concat(value).indexOf(field.value) !== -1;
      else if (type === "select-multiple") {
        Array.prototype.forEach.call(field.options, function (option) {
          option.selected = [].concat(value).indexOf(option.value) !== -1;
        });
      } else field.value = value;
    });
  }

  function restore(form) {
    if (!draftable(form) || !user || form.querySelector("[data-draft-notice]")) return false;
    var storageKey = key(form);
    var draft = read(storageKey);
    if (!draft || !draft.fields) return false;
    if (Date.now() - draft.at > MAX_AGE_MS) { store.removeItem(storageKey); return false; }
    // Nothing to give back when the form already shows the same (a form sent back with its errors).
    var visibleDraft = {};
    fields(form, false).forEach(function (field) {
      if (Object.prototype.hasOwnProperty.call(draft.fields, field.name)) visibleDraft[field.name] = draft.fields[field.name];
    });
    var current = snapshot(form, false);
    var differs = Object.keys(visibleDraft).some(function (name) {
      return JSON.stringify(visibleDraft[name]) !== JSON.stringify(current[name]);
    });
    if (!differs) return false;
    apply(form, draft.fields);
    var shown = notice("restored");
    shown.querySelector("[data-draft-discard]").addEventListener("click", function () {
      store.removeItem(storageKey);
      form.reset();
      shown.remove();
    });
    form.insertBefore(shown, form.firstElementChild && form.firstElementChild.name === "csrfmiddlewaretoken"
      ? form.firstElementChild.nextSibling : form.firstElementChild);
    var details = form.closest("details");
    if (details) details.open = true;
    return shown;
  }

  function restoreWithin(container) {
    var forms = container.tagName === "FORM" ? [container] : container.querySelectorAll("form");
    var first = null;
    Array.prototype.forEach.call(forms, function (form) {
      var shown = restore(form);
      if (shown && !first) first = shown;
    });
    return first;
  }

  function readSavedCookie() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + SAVED_COOKIE + "=([^;]*)"));
    if (!match) return null;
    document.cookie = SAVED_COOKIE + "=; Max-Age=0; path=/; SameSite=Lax";
    try { return decodeURIComponent(match[1].replace(/^"|"$/g, "")); } catch (error) { return null; }
  }

  function tidy() {
    var saved = readSavedCookie();
    storedKeys().forEach(function (storageKey) {
      var draft = read(storageKey);
      var stale = !draft || Date.now() - draft.at > MAX_AGE_MS;
      var otherUser = user && storageKey.indexOf(userPrefix) !== 0;
      var rest = storageKey.slice(userPrefix.length);
      var wasSaved = saved && storageKey.indexOf(userPrefix) === 0 && (rest === saved || rest.indexOf(saved + "#") === 0);
      if (stale || otherUser || wasSaved) store.removeItem(storageKey);
    });
  }

  function showDialog(dialog, form) {
    if (form) save(form);
    var previous = document.querySelector("dialog[data-session-expired]");
    if (previous) previous.remove();
    document.body.appendChild(dialog);
    dialog.querySelector("[data-dialog-close]").addEventListener("click", function () { dialog.close(); });
    var reload = dialog.querySelector("[data-drafts-reload]");
    if (reload) {
      reload.addEventListener("click", function () {
        leaving = true;
        window.location.reload();
      });
    }
    dialog.showModal();
  }

  // 401: the session has ended; the server's dialog leads to the login and back to this page.
  function showSessionEnded(html, form) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    var dialog = holder.content.querySelector("dialog[data-session-expired]");
    if (!dialog) { if (form) save(form); leaving = true; window.location.reload(); return; }
    showDialog(dialog, form);
  }

  function requestForm(event) {
    // The element that made the request (htmx sets detail.elt to the swap target in htmx:beforeSwap).
    var config = event.detail && event.detail.requestConfig;
    var element = (config && config.elt) || (event.detail && event.detail.elt);
    if (!element) return null;
    return element.tagName === "FORM" ? element : element.form || element.closest("form");
  }

  // On each page: forget what must go, give back what must come back.
  tidy();
  if (user) {
    var first = restoreWithin(document);
    if (first) first.scrollIntoView({ block: "center" });
  } else if (storedKeys().length) {
    var login = document.querySelector("input[type=password]");
    if (login && login.form) login.form.parentNode.insertBefore(notice("kept"), login.form);
  }

  document.addEventListener("input", function (event) { save(event.target.form); });
  document.addEventListener("change", function (event) { save(event.target.form); });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.tagName === "FORM" && path(form.getAttribute("action") || "") === logoutPath) { clearAll(); return; }
    save(form);
    if (!event.defaultPrevented) {
      // A full-page post: the page is left on purpose. Reset in case the answer keeps us here (a download).
      leaving = true;
      window.setTimeout(function () { leaving = false; }, 1000);
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-drafts-leave]")) leaving = true;
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) { save(requestForm(event)); });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var form = requestForm(event);
    if (status === 401) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      showSessionEnded(event.detail.xhr.responseText, form);
    } else if (status === 403 && /data-csrf-failure/.test(event.detail.xhr.responseText)) {
      // The page's CSRF token is stale (the user logged in again, perhaps in another tab): a reload renews it.
      event.detail.isError = false;
      showDialog(notice("stale"), form);
    } else if (status >= 200 && status < 300 && form) {
      drop(form);
    }
  });

  // Forms that arrive later (a panel loaded with HTMX) get their drafts back too.
  document.body.addEventListener("htmx:load", function (event) {
    if (user && event.detail && event.detail.elt && event.detail.elt.querySelectorAll) restoreWithin(event.detail.elt);
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving) return;
    var pending = Array.prototype.some.call(document.querySelectorAll("form"), function (form) {
      return draftable(form) && unsaved(form);
    });
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
