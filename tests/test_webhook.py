"""Webhook mode: one HTTP server takes Telegram's (and Zalo's) updates, serves downloads and /healthz."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import httpx
from sqlmodel import select

from bot.channels.telegram import SECRET_HEADER
from storage.db import transaction
from storage.models import ChatState, ProcessedUpdate
from tests.clerk import answer_current, say
from tests.conftest import ROOT, Phone, Running, ZaloPhone, free_port, make_settings
from tests.harness import cli

SECRET = "webhook-Secret_42"


def webhook_settings(database_url, fake, port, **env):
    return make_settings(database_url, fake, TELEGRAM_MODE="webhook", TELEGRAM_WEBHOOK_SECRET=SECRET,
                         TELEGRAM_WEBHOOK_PATH="/tg/hook", HTTP_PORT=port,
                         PUBLIC_BASE_URL=f"http://127.0.0.1:{port}", **env)


async def test_a_clerk_reports_over_the_webhook(database_url, fake, clock):
    port = free_port()
    running = await Running(webhook_settings(database_url, fake, port), clock).start()
    try:
        # The bot registered its webhook itself, with the secret; it never polls.
        assert fake.webhook["url"] == f"http://127.0.0.1:{port}/tg/hook"
        assert fake.webhook["secret_token"] == SECRET
        phone = Phone(fake, 801, "Lò Thị Hoa")
        [menu] = await phone.send(running.invite("Quài Nưa"))  # the greeting above the menu, one message
        assert menu.text.startswith("✅ Đăng ký thành công") and menu.buttons
        await say(phone, "/baocao")  # straight to the first question
        question = phone.last.text
        [answered] = await answer_current(phone)  # saved, above the next question: one message
        saved, _, next_question = answered.text.partition("\n\n")
        assert "✅ Đã lưu" in saved and next_question != question and "· câu" in next_question
        assert not fake.calls_of("getUpdates")
        assert fake.webhook_errors == []
        # The same server serves the officials' pages behind the link /web gives (bot/web_pages/).
        official = Phone(fake, 803, "Lê Văn Huyện")
        await official.send(running.invite("tuan-giao", "official"))
        [link] = await official.send("/web")
        [url] = [word for word in link.text.split() if word.startswith("http://")]
        async with httpx.AsyncClient() as client:
            progress = await client.get(url + "tiendo")
        assert progress.status_code == 200 and "xã Quài Nưa" in progress.text and "đang soạn" in progress.text
    finally:
        await running.stop()


async def test_a_call_without_the_right_secret_is_refused_and_not_handled(database_url, fake, clock):
    port = free_port()
    running = await Running(webhook_settings(database_url, fake, port), clock).start()
    try:
        url = f"http://127.0.0.1:{port}/tg/hook"
        forged = {"update_id": 5001, "message": {
            "message_id": 1, "date": 1, "text": "/start",
            "chat": {"id": 802, "type": "private"}, "from": {"id": 802, "is_bot": False, "first_name": "X"}}}
        async with httpx.AsyncClient() as client:
            wrong = await client.post(url, json=forged, headers={SECRET_HEADER: SECRET.upper()})
            missing = await client.post(url, json=forged)
            assert (wrong.status_code, missing.status_code) == (403, 403)
            await asyncio.sleep(0.3)
            assert fake.count(802) == 0  # nothing answered
            with transaction(running.engine) as session:
                assert session.exec(select(ProcessedUpdate)).all() == []
                assert session.exec(select(ChatState)).all() == []
            # The same update with the secret is handled: the refusal was the secret, nothing else.
            right = await client.post(url, json=forged, headers={SECRET_HEADER: SECRET})
            assert right.status_code == 200
            [welcome] = await fake.wait_for_messages(802, 1)
            assert "mã mời" in welcome.text
    finally:
        await running.stop()


async def test_healthz_reports_the_database_and_the_channels(database_url, fake, clock):
    port = free_port()
    running = await Running(webhook_settings(database_url, fake, port), clock).start()
    try:
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert answer.status_code == 200
            assert answer.json() == {"ok": True, "database": True, "channels": {"telegram": True}}
            await running.channel("telegram").app.stop()  # a channel that stopped makes the instance unhealthy
            answer = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert answer.status_code == 503 and answer.json()["channels"] == {"telegram": False}
    finally:
        await running.stop()


async def test_main_run_webhook_serves_telegram_zalo_and_health_on_one_server(fake, zalo, subprocess_env):
    port = free_port()
    env = subprocess_env | {
        "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.root, "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "ZALO_BOT_TOKEN": zalo.token, "ZALO_API_BASE_URL": zalo.root, "ZALO_WEBHOOK_SECRET": "zalo-secret-1",
        "HTTP_PORT": str(port), "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    proc = subprocess.Popen([sys.executable, "main.py", "run", "--webhook"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        await fake.wait_for(lambda: fake.webhook is not None or proc.poll() is not None, timeout=30,
                            what="the bot to set its webhook")
        assert proc.poll() is None
        [welcome] = await Phone(fake, 803, "Lò Văn Thật").send("/start")
        assert "mã mời" in welcome.text
        # Zalo's webhook is registered by the operator, never by the bot; it lives on the same server.
        assert zalo.webhook is None
        zalo.allow_local_webhook = True
        async with httpx.AsyncClient() as client:
            await client.post(f"{zalo.root}/bot{zalo.token}/setWebhook",
                              json={"url": f"http://127.0.0.1:{port}/zalo/webhook", "secret_token": "zalo-secret-1"})
            [on_zalo] = await ZaloPhone(zalo, "z803", "Lò Văn Hai").send("/start")
            assert "mã mời" in on_zalo.text
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert health.json() == {"ok": True, "database": True, "channels": {"telegram": True, "zalo": True}}
        assert not fake.calls_of("getUpdates") and not zalo.calls_of("getUpdates")
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0
    assert fake.token not in proc.stdout.read()


def test_webhook_mode_without_a_secret_says_what_is_missing(subprocess_env):
    env = subprocess_env | {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9"}
    result = cli(env, "run", "--webhook")
    assert result.returncode == 2 and "TELEGRAM_WEBHOOK_SECRET" in result.stderr
