"""A Python app's test against @hypersender/mock (stdlib only; pytest runs it as is).

The mock is started by docs/recipes/hypersender-mock.sh, which exports its URLs and
the seeded instance's token. The phone's scan goes through the mock's control API.
"""
import json
import os
import urllib.error
import urllib.request

BASE = os.environ["HYPERSENDER_BASE_URL"]
MOCK = os.environ["HYPERSENDER_MOCK_URL"]
TOKEN = os.environ["HYPERSENDER_TOKEN"]
INSTANCE = os.environ["HYPERSENDER_INSTANCE_ID"]


def call(method, url, token=TOKEN, body=None):
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.load(error)


def test_qr_login_until_working():
    status, _, instance = call("POST", f"{BASE}/{INSTANCE}/request-new-qr-code")
    assert status == 200 and instance["status"] == "SCAN_QR_CODE"
    assert instance["qr_code"].startswith("iVBORw0KGgo")  # a PNG, base64, no data: prefix
    status, _, _ = call("POST", f"{MOCK}/__mock/instances/{INSTANCE}/scan", token=None, body={})
    assert status == 200
    status, _, health = call("GET", f"{BASE}/{INSTANCE}/health")
    assert status == 200 and health["status"] == "WORKING"


def test_second_qr_in_a_minute_is_429_until_the_clock_moves():
    call("POST", f"{MOCK}/__mock/reset", token=None, body={})
    assert call("POST", f"{BASE}/{INSTANCE}/request-new-qr-code")[0] == 200
    status, headers, body = call("POST", f"{BASE}/{INSTANCE}/request-new-qr-code")
    assert status == 429 and headers["Retry-After"] == "60" and body["message"] == "Too Many Attempts."
    call("POST", f"{MOCK}/__mock/clock/advance", token=None, body={"seconds": 60})
    assert call("POST", f"{BASE}/{INSTANCE}/request-new-qr-code")[0] == 200


if __name__ == "__main__":
    test_qr_login_until_working()
    test_second_qr_in_a_minute_is_429_until_the_clock_moves()
    print("python recipe: 2 tests passed")
