#!/usr/bin/env python3
"""The planner's walkthrough in a real headless browser (Debian's chromium and chromedriver,
driven by Selenium), against the real `sourcing serve` on loopback:

open the Arctic Security Cutter model, solve it (6,110.0), change Rauma's unit cost in FY26
from 470 to 570 and see the warm what-if, solve again and see the new total 6,310.0 with the
+200.0 against the plan before, download the plan JSON, run a sweep and watch its progress bar
finish, and open a scenario whose strings are markup and script: they show as text, nothing runs.

By hand (the model's own comments derive 6,110): Rauma builds 2 hulls, both ordered in FY26,
its only period; the plan keeps its shape at 570 (FY28-FY30 demand can only come from Finland),
so the total rises by 2 x 100 = 200.

Run: python3 Tests/Browser/test_web_app.py [path/to/sourcing]  (default .build/debug/sourcing).
Exits 0 when every step passed; prints each step.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "sourcing")


def start_server(data):
    process = subprocess.Popen([BINARY, "serve", "--port", "0", "--data", data],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not match:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r} {process.stderr.read()!r}")
    return process, f"http://127.0.0.1:{match.group(1)}"


def browser(downloads):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1300,1000"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads, "download.prompt_for_download": False,
        "safebrowsing.enabled": False})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return webdriver.Chrome(service=Service(driver_path), options=options)


def step(text):
    print(f"  - {text}", flush=True)


def text_of(driver, element_id, timeout=30):
    return WebDriverWait(driver, timeout).until(EC.visibility_of_element_located((By.ID, element_id))).text


def wait_text(driver, element_id, expected, timeout=30):
    WebDriverWait(driver, timeout).until(EC.text_to_be_present_in_element((By.ID, element_id), expected))
    return driver.find_element(By.ID, element_id).text


def set_number(driver, element_id, value):
    field = WebDriverWait(driver, 30).until(EC.element_to_be_clickable((By.ID, element_id)))
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(str(value), Keys.TAB)


def main():
    data = tempfile.mkdtemp(prefix="sourcing-ui-data-")
    downloads = tempfile.mkdtemp(prefix="sourcing-ui-downloads-")
    server, base = start_server(data)
    driver = browser(downloads)
    try:
        print(f"web app at {base}")
        driver.get(base + "/")
        step("the start page lists the bundled models")
        WebDriverWait(driver, 30).until(EC.element_to_be_clickable((By.ID, "open-arctic-security-cutter"))).click()

        step("the scenario view shows the unit costs in editable tables")
        cost = WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.ID, "cost-0-0")))
        assert cost.get_attribute("value") == "470", cost.get_attribute("value")
        assert "Arctic Security Cutter" in text_of(driver, "main")

        step("Solve: the plan's total is 6,110.0")
        driver.find_element(By.ID, "solve").click()
        assert wait_text(driver, "plan-total", "6,110.0") == "6,110.0"
        assert driver.find_element(By.ID, "plan-status").text == "optimal"
        bars = driver.find_elements(By.CSS_SELECTOR, "#spend-chart rect.spend")
        assert len(bars) == 11, f"one spending bar per period, got {len(bars)}"
        WebDriverWait(driver, 30).until(EC.frame_to_be_available_and_switch_to_it((By.ID, "report-frame")))
        assert "Onshoring" in driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()

        step("change Rauma's FY26 unit cost to 570: the warm what-if says 6,310.0")
        driver.find_element(By.ID, "edit").click()
        set_number(driver, "cost-0-0", 570)
        preview = wait_text(driver, "preview", "6,310.0")
        assert "+200.0" in preview, preview

        step("Solve again: the new total 6,310.0, +200.0 against the plan before")
        driver.find_element(By.ID, "solve").click()
        assert wait_text(driver, "plan-total", "6,310.0") == "6,310.0"
        delta = wait_text(driver, "plan-delta", "+200.0")
        assert "6,110.0" in delta and "6,310.0" in delta, delta
        plan_id = driver.current_url.rsplit("/", 1)[-1]

        step("download the plan JSON: the stored plan, byte for byte")
        driver.find_element(By.ID, "download-json").click()
        deadline = time.time() + 30
        files = []
        while time.time() < deadline:
            files = [f for f in os.listdir(downloads) if f.endswith(".json")]
            if files:
                break
            time.sleep(0.2)
        assert files, "no download"
        with open(os.path.join(downloads, files[0]), "rb") as handle:
            downloaded = handle.read()
        plan = json.loads(downloaded)
        assert plan["objective"] == 6310 and plan["status"] == "optimal", plan["objective"]
        with urllib.request.urlopen(f"{base}/v1/plans/{plan_id}") as response:
            stored = response.read()
        assert downloaded == stored, "the download is the stored plan"

        step("run a sweep of Rauma's unit cost: the progress bar reaches 8 of 8")
        Select(driver.find_element(By.ID, "sweep-path")).select_by_value("sources[rauma-yard].unitCost")
        values = driver.find_element(By.ID, "sweep-values")
        values.clear()
        values.send_keys("x0.5..x2:8")
        driver.find_element(By.ID, "start-sweep").click()
        wait_text(driver, "job-state", "done", timeout=60)
        progress = driver.find_element(By.ID, "job-progress")
        assert progress.get_attribute("value") == "8" and progress.get_attribute("max") == "8"
        rows = driver.find_elements(By.CSS_SELECTOR, "#sweep-table tbody tr")
        assert len(rows) == 8, len(rows)

        step("open the model as an .xlsx workbook (written by `sourcing convert`) and solve it: 6,110.0")
        workbook = os.path.join(downloads, "cutter.xlsx")
        subprocess.run([BINARY, "convert", os.path.join(ROOT, "models", "arctic-security-cutter.yaml"), workbook], check=True)
        driver.get(base + "/#/")
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "upload"))).send_keys(workbook)
        WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.ID, "cost-0-0")))
        driver.find_element(By.ID, "solve").click()
        assert wait_text(driver, "plan-total", "6,110.0") == "6,110.0"
        assert driver.find_element(By.ID, "download-xlsx").get_attribute("href").endswith(".xlsx")

        step("a scenario whose strings are markup and script shows them as text; nothing runs")
        hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
        with open(os.path.join(ROOT, "models", "arctic-security-cutter.yaml"), encoding="utf-8") as handle:
            text = handle.read()
        text = text.replace("name: Arctic Security Cutter (US-Finland phased onshoring, illustrative)", "name: " + json.dumps(hostile), 1)
        text = text.replace("name: Finnish yard A (Rauma-like)", "name: " + json.dumps("</small><b>bold</b>"), 1)
        path = os.path.join(downloads, "hostile.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        driver.get(base + "/#/")
        WebDriverWait(driver, 30).until(EC.presence_of_element_located((By.ID, "upload"))).send_keys(path)
        heading = WebDriverWait(driver, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "main h1")))
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == hostile)
        assert "</small><b>bold</b>" in text_of(driver, "cost-table")
        assert driver.find_elements(By.CSS_SELECTOR, "main img, main script, main b") == []
        driver.find_element(By.ID, "solve").click()
        wait_text(driver, "plan-total", "6,110.0")
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.CSS_SELECTOR, "main h1").text == "Plan: " + hostile)
        time.sleep(0.5)
        assert driver.execute_script("return window.pwned") is None
        assert heading is not None

        problems = [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
        assert not problems, problems
        print("web app walkthrough: passed")
    finally:
        driver.quit()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)


if __name__ == "__main__":
    main()
