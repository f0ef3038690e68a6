"""The dashboard in a real browser (headless Chromium through Selenium), as a person uses it.

Run by scripts/browser-check against a running gateway: python3 dashboard_check.py BASE_URL API_KEY ADMIN_SECRET SHOTS_DIR.
Prints one line per check and exits 1 if any failed; saves a screenshot of each page under SHOTS_DIR.
"""
import json
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, KEY, ADMIN, SHOTS = sys.argv[1:5]
results = []


def check(name, ok):
    print(("ok    " if ok else "FAIL  ") + name, flush=True)
    results.append(bool(ok))


def api(method, path, body=None, bearer=KEY):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(BASE + path, method=method, data=data, headers={
        "Authorization": "Bearer " + bearer, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
        return response.status, (json.loads(text) if text else None)


def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900"]:
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def waits_for(driver, condition, timeout=20):
    try:
        WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))
        return True
    except Exception:
        return False


def text(driver, element_id):
    elements = driver.find_elements(By.ID, element_id)
    return elements[0].text if elements else ""


def sign_in(driver, secret):
    driver.get(BASE + "/dashboard/login")
    field = driver.find_element(By.ID, "secret")
    field.clear()
    field.send_keys(secret)
    driver.find_element(By.CSS_SELECTOR, "#login button").click()
    waits_for(driver, lambda d: d.execute_script("return document.readyState") == "complete"
              and "/dashboard/login" not in d.current_url or d.find_elements(By.ID, "login-error"))


def shot(driver, name):
    driver.save_screenshot(f"{SHOTS}/{name}.png")


driver = browser()
try:
    driver.get(BASE + "/")
    check("a visitor at / lands on the sign-in page", "/dashboard/login" in driver.current_url)
    shot(driver, "sign-in")
    sign_in(driver, "not-a-key")
    refusal = text(driver, "login-error")
    check("a wrong key is refused with a message: " + refusal, "neither a live API key" in refusal)

    sign_in(driver, KEY)
    check("the API key signs in to the overview", waits_for(driver, lambda d: text(d, "q-sms-waiting") != ""))
    cookie = driver.get_cookie("ap_session") or {}
    check("the session cookie is HttpOnly and SameSite=Strict",
          cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict")
    # Sends for tomorrow: they stay scheduled, with their credit held, while the page is watched.
    tomorrow = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 86400))
    before = int(text(driver, "q-sms-scheduled"))
    status, message = api("POST", "/api/phone/sms", {"recipient": "+33612345678", "text": "Bonjour du navigateur",
                                                     "scheduledAt": tomorrow})
    check("an API send is accepted", status == 202)
    check("the overview's scheduled count rises without a reload",
          waits_for(driver, lambda d: text(d, "q-sms-scheduled") == str(before + 1)))
    check("the held credit shows too", waits_for(driver, lambda d: text(d, "c-sms-held") == "1"))
    shot(driver, "overview")

    driver.find_element(By.ID, "pause").click()
    api("POST", "/api/phone/sms", {"recipient": "+33612345679", "text": "Encore un", "scheduledAt": tomorrow})
    time.sleep(4.5)
    check("a paused overview keeps its figures", text(driver, "q-sms-scheduled") == str(before + 1))
    driver.find_element(By.ID, "pause").click()
    check("resuming refreshes again", waits_for(driver, lambda d: text(d, "q-sms-scheduled") == str(before + 2)))

    driver.get(BASE + "/dashboard/messages?recipient=%2B33612345678")
    links = driver.find_elements(By.CSS_SELECTOR, "a.message-link")
    check("the messages page finds the message by number", len(links) == 1)
    check("numbers are masked in the list", "+33612345678" not in driver.find_element(By.ID, "messages").text)
    links[0].click()
    waits_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#timeline li"))
    timeline = [item.text for item in driver.find_elements(By.CSS_SELECTOR, "#timeline li")]
    check("the message page shows its status timeline",
          len(timeline) >= 1 and any(t.startswith("pending") for t in timeline))
    check("the message's text is not shown", "Bonjour du navigateur" not in driver.page_source)
    shot(driver, "message")

    status, session = api("POST", "/api/sessions", {"name": "navigateur"})
    check("a sandbox session is created", status == 201)
    session_path = "/dashboard/sessions/" + session["id"]
    driver.get(BASE + session_path)
    qr_loaded = lambda d: d.find_element(By.ID, "qr-box").is_displayed() and d.execute_script(
        "return document.getElementById('qr').naturalWidth") > 0
    check("the session page shows its QR code", waits_for(driver, qr_loaded))
    shot(driver, "session-qr")

    driver.find_element(By.ID, "session-pairing-link").click()
    waits_for(driver, lambda d: d.find_elements(By.ID, "pairing-url"))
    links = driver.find_elements(By.ID, "pairing-url")
    check("the session page makes a pairing link", len(links) == 1)
    fresh = browser()
    try:
        fresh.get(links[0].get_attribute("href"))
        check("the pairing link shows the QR in a fresh browser profile, without signing in",
              waits_for(fresh, qr_loaded) and not fresh.find_elements(By.ID, "logout"))
        shot(fresh, "pairing-link")
        fresh.set_window_size(390, 844)
        check("the pairing page fits 390 px without sideways scrolling", fresh.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
        fresh.set_window_size(1280, 900)
        status, _ = api("POST", f"/api/admin/sessions/{session['id']}/scan", bearer=ADMIN)
        check("the sandbox phone scans it", status == 202)
        check("the pairing page switches to connected over SSE",
              waits_for(fresh, lambda d: text(d, "status") == "connected"
                        and not d.find_element(By.ID, "qr-box").is_displayed()))
        forged = links[0].get_attribute("href")[:-4] + "AAAA"
        fresh.get(forged)
        check("a forged pairing link shows nothing", "not valid" in fresh.page_source and not fresh.find_elements(By.ID, "qr"))
    finally:
        fresh.quit()
    check("the signed-in session page switches to connected too",
          waits_for(driver, lambda d: text(d, "status") == "connected"
                    and not d.find_element(By.ID, "qr-box").is_displayed()))
    shot(driver, "session-connected")
    driver.get(BASE + "/dashboard/sessions")
    check("the sessions page lists it connected", "connected" in driver.find_element(By.ID, "sessions").text)
    shot(driver, "sessions")

    # A second session linked by phone number instead (the pairing-code flow), then deleted from the list in bulk.
    status, second = api("POST", "/api/sessions", {"name": "par-code"})
    driver.get(BASE + "/dashboard/sessions/" + second["id"])
    check("a second session waits for its scan", waits_for(driver, lambda d: text(d, "status") == "qr_required"))
    driver.find_element(By.ID, "pairing-phone").send_keys("33612345678")
    driver.find_element(By.ID, "pairing-code-button").click()
    check("the link-by-number form shows a code",
          waits_for(driver, lambda d: len(text(d, "pairing-code")) == 9 and text(d, "pairing-code")[4] == "-"))
    shot(driver, "pairing-code")
    status, _ = api("POST", f"/api/admin/sessions/{second['id']}/pair", {"code": text(driver, "pairing-code")},
                    bearer=ADMIN)
    check("the sandbox phone enters it", status == 202)
    check("the page switches to connected", waits_for(driver, lambda d: text(d, "status") == "connected"))
    driver.get(BASE + "/dashboard/sessions")
    driver.find_element(By.CSS_SELECTOR, f"input[name=session][value='{second['id']}']").click()
    driver.find_element(By.CSS_SELECTOR, "select[name=action] option[value=delete]").click()
    driver.find_element(By.ID, "bulk-apply").click()
    check("the bulk form deletes the selected session only",
          waits_for(driver, lambda d: "delete: 1 sessions" in text(d, "bulk-done"))
          and second["id"] not in driver.page_source and session["id"] in driver.page_source)

    # The outreach pages: a conversation from the sandbox phone, a lead and its stage, a webhook's deliveries, a hunt.
    status, _ = api("POST", f"/api/admin/sessions/{session['id']}/inbound",
                    {"from": "+33611223344", "text": "Toujours dispo ?"}, bearer=ADMIN)
    check("the sandbox phone writes in", status == 202)

    def conversation_links(d):
        d.get(BASE + "/dashboard/conversations")
        return d.find_elements(By.CSS_SELECTOR, "#conversations a")
    check("the conversation appears", waits_for(driver, conversation_links, 30))
    shot(driver, "conversations")
    links = driver.find_elements(By.CSS_SELECTOR, "#conversations a")
    conversation_path = links[0].get_attribute("href").replace(BASE, "") if links else "/dashboard/conversations"
    if links:
        links[0].click()
    check("its page shows what the contact wrote",
          waits_for(driver, lambda d: "Toujours dispo ?" in text(d, "conversation")))
    shot(driver, "conversation")
    status, _ = api("POST", "/api/webhooks", {"url": "http://127.0.0.1:9/hook", "events": ["lead.stage"],
                                             "description": "CRM"})
    check("a webhook endpoint is registered", status == 201)
    status, lead = api("POST", "/api/leads", {"adId": "browser-ad-1"})
    check("a lead is opened on the account's ad", status == 201)
    api("POST", f"/api/leads/{lead['id']}/stage", {"stage": "interested"})
    driver.get(BASE + "/dashboard/leads?stage=interested")
    check("the leads page shows it under its stage",
          "interested (1)" in text(driver, "stages") and "Clio" in text(driver, "leads"))
    shot(driver, "leads")

    def deliveries_failing(d):
        d.get(BASE + "/dashboard/webhooks")
        tables = d.find_elements(By.CSS_SELECTOR, "table.deliveries")
        return tables and "lead.stage" in tables[0].text and "pending" in tables[0].text and "cannot connect" in tables[0].text
    check("the webhooks page shows the lead events' deliveries failing and pending",
          waits_for(driver, deliveries_failing, 30))
    shot(driver, "webhooks")
    status, template = api("POST", "/api/templates", {"name": "Premier contact", "channel": "sms",
                                                      "text": "Bonjour {vendeur_nom}"})
    status, hunt = api("POST", "/api/hunts", {"name": "Clio Lyon", "steps": [
        {"channels": ["sms"], "templates": {"sms": template["id"]}}]})
    check("a hunt is created", status == 201)
    driver.get(BASE + "/dashboard/hunts")
    check("the hunts page lists it", "Clio Lyon" in text(driver, "hunts"))
    shot(driver, "hunts")

    forged = driver.execute_script(
        "return fetch('/dashboard/logout', {method: 'POST', headers: {'Content-Type': "
        "'application/x-www-form-urlencoded'}, body: 'csrf=forged', redirect: 'manual'}).then(r => r.status)")
    check("a form post without the session's CSRF token is refused", forged == 403)

    driver.set_window_size(390, 844)
    for name, path in [("overview", "/dashboard"), ("messages", "/dashboard/messages"),
                       ("sessions", "/dashboard/sessions"), ("session", session_path), ("hunts", "/dashboard/hunts"),
                       ("leads", "/dashboard/leads"), ("conversations", "/dashboard/conversations"),
                       ("webhooks", "/dashboard/webhooks"), ("dead-letters", "/dashboard/dead-letters"),
                       ("message", "/dashboard/messages/" + message["messageId"]),
                       ("conversation", conversation_path)]:
        driver.get(BASE + path)
        fits = driver.execute_script(
            "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        shot(driver, "narrow-" + name)
        check(f"the {name} page fits 390 px without sideways scrolling", fits)
    driver.set_window_size(1280, 900)

    driver.get(BASE + session_path)
    driver.find_element(By.ID, "session-logout").click()
    check("the session's Log out button logs it out",
          waits_for(driver, lambda d: text(d, "status") in ("logged_out", "stopped")))
    driver.find_element(By.ID, "session-delete").click()
    check("its Delete button deletes it", waits_for(driver, lambda d: d.current_url.endswith("/dashboard/sessions")
          and session["id"] not in d.page_source))

    # The account's dead letter (a voice job the test probe failed for good), replayed from the page.
    driver.get(BASE + "/dashboard")
    check("the overview counts the dead letter", text(driver, "q-voice-dead") == "1")
    driver.get(BASE + "/dashboard/dead-letters")
    buttons = driver.find_elements(By.CSS_SELECTOR, "#dead-voice button[id^='replay-']:not([id^='replay-all'])")
    check("the dead letters page lists it with a Replay button", len(buttons) == 1)
    shot(driver, "dead-letters")
    replay_id = buttons[0].get_attribute("id") if buttons else "none"
    if buttons:
        buttons[0].click()
    check("Replay puts it back on its queue", waits_for(driver, lambda d: "Replayed" in text(d, "replayed")))
    check("and it leaves the list", not driver.find_elements(By.ID, replay_id))
    driver.get(BASE + "/dashboard")
    check("the overview no longer counts it dead", text(driver, "q-voice-dead") == "0")
    forged = driver.execute_script(
        "return fetch('/dashboard/dead-letters/voice/replay-all', {method: 'POST', headers: {'Content-Type': "
        "'application/x-www-form-urlencoded'}, body: 'csrf=forged', redirect: 'manual'}).then(r => r.status)")
    check("a replay without the CSRF token is refused", forged == 403)

    driver.get(BASE + "/dashboard")
    driver.find_element(By.ID, "logout").click()
    check("signing out returns to the sign-in page", waits_for(driver, lambda d: "/dashboard/login" in d.current_url))
    driver.get(BASE + "/dashboard")
    check("and the dashboard asks to sign in again", "/dashboard/login" in driver.current_url)
    driver.set_window_size(390, 844)
    shot(driver, "narrow-sign-in")
    check("the sign-in page fits 390 px without sideways scrolling", driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"))
    driver.set_window_size(1280, 900)

    sign_in(driver, ADMIN)
    check("the admin secret signs in to the operator's overview",
          waits_for(driver, lambda d: "online" in d.page_source and text(d, "q-sms-waiting") != ""))
    shot(driver, "overview-operator")
finally:
    driver.quit()

print(f"{sum(results)} of {len(results)} browser checks passed; screenshots in {SHOTS}")
sys.exit(0 if all(results) else 1)
