"""What session-buddy's end-of-session hook calls to tell akosha-sync that a session ended.

Standard library only. It waits at most 2 seconds and never raises into the session: the sidecar
answers 202 as soon as the event is on its disk, and the upload happens in the background.

When the sidecar is started with AKOSHA_API_TOKEN, the hook sends the same token as a bearer token
(from AKOSHA_API_TOKEN, or the file named by AKOSHA_API_TOKEN_FILE). The token is never printed.
"""

import json
import logging
import os
import urllib.request

AKOSHA_SYNC_URL = os.environ.get("AKOSHA_SYNC_URL", "http://127.0.0.1:8750")


def _api_token():
    token = os.environ.get("AKOSHA_API_TOKEN")
    path = os.environ.get("AKOSHA_API_TOKEN_FILE")
    if not token and path:
        try:
            with open(path, encoding="utf-8") as f:
                token = f.read().strip()
        except OSError:
            token = None
    return token or None


def notify_session_end(session_id, files=None, conversation_count=None, method=None, timeout=2.0):
    """Returns the sidecar's answer ({sync_id, upload_id, status}) or None; never raises."""
    body = {}
    if files:
        body["files"] = list(files)
    if conversation_count is not None:
        body["conversation_count"] = int(conversation_count)
    if method:
        body["method"] = method
    headers = {"Content-Type": "application/json"}
    token = _api_token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"{AKOSHA_SYNC_URL}/v1/sessions/{session_id}/end",
        data=json.dumps(body).encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except Exception as error:  # the session must end whatever happens here
        logging.getLogger("akosha-sync").warning("akosha-sync not notified: %s", error)
        return None


if __name__ == "__main__":
    import sys

    print(notify_session_end(sys.argv[1] if len(sys.argv) > 1 else "manual-test"))
