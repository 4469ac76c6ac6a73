"""Scripted customers: who writes, in which language, what, and when the next message comes.

A conversation is a generator of `(WebhookRequest, seconds until its next step)`, advanced by the
`Traffic` scheduler when its step is due (so every platform timestamp is the wall-clock time the
request is actually sent). Customers write in Spanish, English and Polish (45/35/20 %) about
orders, delivery, refunds, opening hours and products; follow-ups come seconds to minutes apart
(`pace` scales every gap: 0 sends a conversation back to back); some steps are redelivered (the same
bytes again, 0.2–60 s later, as platforms do at least once); some conversations carry a reply the
brand typed in the platform's own app (an echo) followed by the customer's delivery and read
receipts for it; Instagram and X customers also comment on the brand's posts.

`Traffic.outbound_sent()` turns a message the product really sent (seen by a fake platform) into
the platform's receipts for it: delivered within seconds, read within a minute.
"""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from integrations.simulator import payloads as p
from integrations.simulator.payloads import SimAccount, WebhookRequest

Script = Iterator[tuple[WebhookRequest, float]]

LANGUAGES = ("es", "en", "pl")
LANGUAGE_WEIGHTS = (0.45, 0.35, 0.20)

FIRST_NAMES = {
    "es": ("Lucía", "Javier", "Marta", "Carlos", "Elena", "Pablo", "Carmen", "Diego", "Sofía", "Álvaro"),
    "en": ("Emily", "James", "Olivia", "Tom", "Sophie", "Harry", "Grace", "Jack", "Chloe", "Daniel"),
    "pl": ("Katarzyna", "Piotr", "Agnieszka", "Michał", "Zofia", "Tomasz", "Magdalena", "Paweł", "Anna", "Łukasz"),
}
LAST_NAMES = {
    "es": ("García", "Fernández", "López", "Martínez", "Sánchez", "Gómez", "Ruiz", "Díaz", "Moreno", "Muñoz"),
    "en": ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Walker", "Hughes"),
    "pl": (
        "Nowak",
        "Kowalska",
        "Wiśniewski",
        "Wójcik",
        "Kamińska",
        "Lewandowski",
        "Zielińska",
        "Szymański",
        "Woźniak",
        "Dąbrowska",
    ),
}
MAIL_DOMAINS = {
    "es": ("gmail.com", "hotmail.es", "correo.example.es"),
    "en": ("gmail.com", "outlook.com", "mail.example.co.uk"),
    "pl": ("wp.pl", "onet.pl", "gmail.com"),
}
CITIES = {
    "es": ("Madrid", "Sevilla", "Valencia", "Bilbao"),
    "en": ("London", "Leeds", "Bristol", "Manchester"),
    "pl": ("Krakowa", "Gdańska", "Poznania", "Wrocławia"),
}
PRODUCTS = {
    "es": (
        "el café en grano de Colombia",
        "la cafetera italiana",
        "el molinillo manual",
        "la suscripción mensual",
        "las tazas de cerámica",
    ),
    "en": ("the Colombian whole beans", "the moka pot", "the hand grinder", "the monthly subscription", "the ceramic mugs"),
    "pl": ("kawę ziarnistą z Kolumbii", "kawiarkę", "młynek ręczny", "subskrypcję miesięczną", "ceramiczne kubki"),
}

# Per topic: first messages, then follow-ups. {order} {city} {product} {name} are filled in.
TOPICS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "es": {
        "order": (
            (
                "Hola, hice el pedido {order} hace cinco días y todavía no me ha llegado. ¿Sabéis algo?",
                "Buenas, ¿me podéis decir en qué estado está mi pedido {order}?",
            ),
            (
                "El número de pedido es {order}.",
                "Vivo en {city}, por si sirve de algo.",
                "¿Hay número de seguimiento?",
                "Gracias, quedo a la espera.",
            ),
        ),
        "delivery": (
            ("¿Hacéis envíos a {city}? ¿Cuánto tarda?", "Hola! ¿Puedo cambiar la dirección de entrega del pedido {order}?"),
            (
                "Es que esta semana no estoy en casa.",
                "La nueva dirección es Calle Mayor 12, 3ºB, {city}.",
                "¿El envío tiene coste?",
            ),
        ),
        "refund": (
            (
                "Me ha llegado {product} roto. Quiero la devolución del dinero, pedido {order}.",
                "Hola, pedí la devolución del pedido {order} hace dos semanas y no veo el reembolso.",
            ),
            (
                "Os mando una foto.",
                "¿Cuántos días tarda el reembolso en la tarjeta?",
                "Por favor, respondedme, es la tercera vez que escribo 😕",
            ),
        ),
        "hours": (
            ("¿A qué hora abre la tienda de {city} el sábado?", "Hola, ¿abrís en festivo?"),
            ("¿Y el domingo?", "Gracias 🙂"),
        ),
        "product": (
            ("¿{product} está disponible otra vez?", "Hola, ¿qué diferencia hay entre el tueste natural y el torrefacto?"),
            ("¿Lo tenéis en formato de 1 kg?", "¿Sirve para cafetera de cápsulas?", "Perfecto, lo pido hoy entonces."),
        ),
    },
    "en": {
        "order": (
            (
                "Hi, I placed order {order} last week and it still hasn't arrived. Any news?",
                "Hello, could you check the status of my order {order}?",
            ),
            (
                "Order number is {order}.",
                "I'm in {city} if that helps.",
                "Is there a tracking number?",
                "Thanks, I'll wait for your answer.",
            ),
        ),
        "delivery": (
            ("Do you deliver to {city}? How long does it take?", "Hi! Can I change the delivery address for order {order}?"),
            ("I'm away this week.", "New address: 14 High Street, Flat 2, {city}.", "Is there a delivery charge?"),
        ),
        "refund": (
            (
                "{product} arrived broken. I'd like a refund please, order {order}.",
                "Hi, I asked for a refund on order {order} two weeks ago and I still don't see it.",
            ),
            (
                "Sending a photo.",
                "How many days until the refund shows on my card?",
                "Please get back to me, this is the third time I'm writing 😕",
            ),
        ),
        "hours": (
            ("What time does the {city} shop open on Saturday?", "Hi, are you open on bank holidays?"),
            ("And on Sunday?", "Thanks 🙂"),
        ),
        "product": (
            ("Is {product} back in stock?", "Hi, what's the difference between the light and the dark roast?"),
            ("Do you have it in a 1kg bag?", "Does it work with a capsule machine?", "Great, I'll order it today then."),
        ),
    },
    "pl": {
        "order": (
            (
                "Dzień dobry, zamówienie {order} złożyłam tydzień temu i nadal nie dotarło. Co się dzieje?",
                "Dzień dobry, jaki jest status mojego zamówienia {order}?",
            ),
            (
                "Numer zamówienia to {order}.",
                "Mieszkam w okolicach {city}.",
                "Czy jest numer przesyłki?",
                "Dziękuję, czekam na odpowiedź.",
            ),
        ),
        "delivery": (
            ("Czy wysyłacie do {city}? Ile trwa dostawa?", "Dzień dobry, czy mogę zmienić adres dostawy zamówienia {order}?"),
            ("W tym tygodniu nie ma mnie w domu.", "Nowy adres: ul. Długa 5/3, okolice {city}.", "Czy dostawa jest płatna?"),
        ),
        "refund": (
            (
                "{product} przyszła uszkodzona. Proszę o zwrot pieniędzy, zamówienie {order}.",
                "Dzień dobry, dwa tygodnie temu prosiłem o zwrot za zamówienie {order} i nadal nic.",
            ),
            ("Wysyłam zdjęcie.", "Ile dni trwa zwrot na kartę?", "Proszę o odpowiedź, piszę już trzeci raz 😕"),
        ),
        "hours": (
            ("O której w sobotę otwieracie sklep?", "Dzień dobry, czy jesteście otwarci w święta?"),
            ("A w niedzielę?", "Dziękuję 🙂"),
        ),
        "product": (
            ("Czy {product} jest znowu dostępna?", "Dzień dobry, czym się różni jasne palenie od ciemnego?"),
            ("Czy jest opakowanie 1 kg?", "Czy pasuje do ekspresu na kapsułki?", "Super, to zamawiam dzisiaj."),
        ),
    },
}
TOPIC_WEIGHTS = {"order": 0.3, "delivery": 0.2, "refund": 0.2, "hours": 0.1, "product": 0.2}
SUBJECTS = {
    "es": {
        "order": "Pedido {order}",
        "delivery": "Cambio de dirección",
        "refund": "Devolución pedido {order}",
        "hours": "Horario",
        "product": "Consulta producto",
    },
    "en": {
        "order": "Order {order}",
        "delivery": "Delivery address",
        "refund": "Refund for order {order}",
        "hours": "Opening hours",
        "product": "Product question",
    },
    "pl": {
        "order": "Zamówienie {order}",
        "delivery": "Zmiana adresu",
        "refund": "Zwrot - zamówienie {order}",
        "hours": "Godziny otwarcia",
        "product": "Pytanie o produkt",
    },
}
# What the brand replies from the platform's own app (echoes), and the customer's thanks.
BRAND_REPLIES = {
    "es": ("¡Hola! Lo revisamos ahora mismo y te decimos algo.", "Gracias por escribirnos, ya lo hemos pasado al almacén."),
    "en": ("Hi! We're checking it right now and will get back to you.", "Thanks for writing, we've passed it to the warehouse."),
    "pl": ("Dzień dobry! Już to sprawdzamy i damy znać.", "Dziękujemy za wiadomość, przekazaliśmy sprawę do magazynu."),
}
COMMENTS = {
    "es": (
        "¡Qué buena pinta! ¿Lo tenéis en tienda?",
        "¿Cuánto cuesta?",
        "Lo probé ayer, buenísimo 😍",
        "¿Hacéis envíos a {city}?",
    ),
    "en": ("Looks amazing! Is it in the shops?", "How much is it?", "Tried it yesterday, so good 😍", "Do you ship to {city}?"),
    "pl": ("Wygląda świetnie! Jest w sklepie?", "Ile kosztuje?", "Próbowałam wczoraj, pycha 😍", "Wysyłacie do {city}?"),
}
CSAT_QUESTION = {
    "es": "¿Cómo valoras nuestra atención?",
    "en": "How would you rate our support?",
    "pl": "Jak oceniasz naszą obsługę?",
}
EDIT_NOTE = {
    "es": "(perdón, el pedido es {order})",
    "en": "(sorry, the order is {order})",
    "pl": "(przepraszam, zamówienie {order})",
}
# The brand's posts people comment on (Instagram media ids, X post ids): a few, so comments share threads.
INSTAGRAM_POSTS = ("18047293847561029", "18047293847561114", "18047293847561207")
X_POSTS = ("1860200000000000001", "1860200000000000002")

KIND_WEIGHTS = {"whatsapp": 0.28, "instagram": 0.2, "messenger": 0.17, "email": 0.13, "telegram": 0.12, "x": 0.1}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Customer:
    """One scripted customer: a language, a name, a topic, and their ids on the platform."""

    lang: str
    first: str
    last: str
    topic: str
    order: str
    city: str
    product: str
    number: int  # a unique number of this customer in the run: ids derive from it

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def fill(self, text: str) -> str:
        return text.format(order=self.order, city=self.city, product=self.product, name=self.first)

    def handle(self) -> str:
        base = f"{self.first}.{self.last}".lower()
        return "".join(ch for ch in _ascii(base) if ch.isalnum() or ch in "._")[:20] + str(self.number % 100)


def _ascii(text: str) -> str:
    table = str.maketrans("áéíóúñüçàèäöłśżźćńąęÁÉÍÓÚŁŚŻŹĆŃ", "aeiounucaeaolszzcnaeAEIOULSZZCN")
    return text.translate(table)


@dataclass
class Conversation:
    script: Script
    customer: Customer | None = None
    account: SimAccount | None = None


@dataclass
class TrafficOptions:
    duplicates: float = 0.05  # share of steps delivered twice (same bytes)
    pace: float = 1.0  # scales the gaps between a conversation's steps (0: back to back)
    echoes: float = 0.25  # share of conversations where the brand answers from the platform's app
    max_active: int = 20_000  # conversations waiting for their next step before new ones wait


class Traffic:
    """An endless, deterministic-given-the-seed stream of webhook requests over `accounts`.

    `next_request()` returns the due step of a running conversation if any, else starts a new
    conversation (kind weighted by `KIND_WEIGHTS`, among the kinds present). Thread-safe."""

    def __init__(
        self,
        accounts: Sequence[SimAccount],
        *,
        seed: int | None = None,
        options: TrafficOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = _now,
    ) -> None:
        if not accounts:
            raise ValueError("the simulator needs at least one channel account")
        self.accounts = list(accounts)
        self.by_kind: dict[str, list[SimAccount]] = {}
        for account in self.accounts:
            self.by_kind.setdefault(account.kind, []).append(account)
        self.options = options or TrafficOptions()
        self.seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**31)
        self.rng = random.Random(self.seed)
        self.clock = clock
        self.wall_clock = wall_clock
        self._heap: list[tuple[float, int, Conversation]] = []
        self._seq = itertools.count()
        self._lock = threading.Lock()
        # Ids unique across runs (the demo database outlives a run): a run-specific base.
        self._base = int(time.time() * 1000) % 10**12 * 1000 + self.seed % 1000
        self._numbers = itertools.count(1)
        self._update_id = itertools.count(int(time.time()) % 10**9 * 10)
        self.started_conversations = 0
        kinds = [kind for kind in KIND_WEIGHTS if kind in self.by_kind]
        self._kinds = kinds
        self._kind_weights = [KIND_WEIGHTS[kind] for kind in kinds]

    # --- scheduling -------------------------------------------------------------------------

    def next_request(self) -> WebhookRequest:
        with self._lock:
            while True:
                now = self.clock()
                if self._heap and (self._heap[0][0] <= now or len(self._heap) >= self.options.max_active):
                    _, _, conversation = heapq.heappop(self._heap)
                else:
                    conversation = self._new_conversation()
                try:
                    request, gap = next(conversation.script)
                except StopIteration:
                    continue
                heapq.heappush(self._heap, (now + max(gap, 0.0) * self.options.pace, next(self._seq), conversation))
                return request

    @property
    def active(self) -> int:
        return len(self._heap)

    def outbound_sent(self, kind: str, account_external_id: str, recipient: str, external_id: str) -> bool:
        """The product sent `external_id` to `recipient` (as a fake platform saw it): schedule the
        platform's receipts for it. Returns False for accounts or kinds without receipts here."""
        account = next((a for a in self.by_kind.get(str(kind), ()) if a.external_id == account_external_id), None)
        if account is None or not external_id:
            return False
        script = self._receipts(account, recipient, external_id)
        if script is None:
            return False
        with self._lock:
            heapq.heappush(
                self._heap, (self.clock() + self.rng.uniform(0.5, 2.0) * self.options.pace, next(self._seq), Conversation(script))
            )
        return True

    def _receipts(self, account: SimAccount, recipient: str, external_id: str) -> Script | None:
        """The receipts a platform sends for one of our messages (Telegram and email have none;
        Instagram reads carry the customer's last mid, not ours)."""
        if account.kind not in ("whatsapp", "messenger", "x"):
            return None

        def script() -> Script:
            read_gap = self.rng.uniform(3, 60)
            if account.kind == "whatsapp":
                yield (
                    p.whatsapp_status(account, wa_id=recipient, wamid=external_id, status="sent", at=self.wall_clock()),
                    self.rng.uniform(0.5, 3),
                )
                yield (
                    p.whatsapp_status(account, wa_id=recipient, wamid=external_id, status="delivered", at=self.wall_clock()),
                    read_gap,
                )
                yield p.whatsapp_status(account, wa_id=recipient, wamid=external_id, status="read", at=self.wall_clock()), 0
            elif account.kind == "messenger":
                yield p.messenger_delivery(account, psid=recipient, mids=[external_id], watermark=self.wall_clock()), read_gap
                yield p.messenger_read(account, psid=recipient, watermark=self.wall_clock(), at=self.wall_clock()), 0
            else:
                user = p.XUser(id=recipient, name="", screen_name="")
                yield p.x_read(account, user=user, last_read_event_id=external_id, at=self.wall_clock()), 0

        return script()

    # --- customers and conversations ----------------------------------------------------------

    def _new_customer(self) -> Customer:
        rng = self.rng
        lang = rng.choices(LANGUAGES, weights=LANGUAGE_WEIGHTS)[0]
        topics = list(TOPIC_WEIGHTS)
        return Customer(
            lang=lang,
            first=rng.choice(FIRST_NAMES[lang]),
            last=rng.choice(LAST_NAMES[lang]),
            topic=rng.choices(topics, weights=[TOPIC_WEIGHTS[t] for t in topics])[0],
            order=str(rng.randint(40000, 59999)),
            city=rng.choice(CITIES[lang]),
            product=rng.choice(PRODUCTS[lang]),
            number=next(self._numbers),
        )

    def _new_conversation(self) -> Conversation:
        kind = self.rng.choices(self._kinds, weights=self._kind_weights)[0]
        account = self.rng.choice(self.by_kind[kind])
        customer = self._new_customer()
        script = SCRIPTS[kind](self, account, customer)
        self.started_conversations += 1
        return Conversation(script=self._with_duplicates(script), customer=customer, account=account)

    def _with_duplicates(self, script: Script) -> Script:
        """Redeliver some steps: the same bytes again, 0.2–60 s later (at-least-once delivery)."""
        for request, gap in script:
            if self.rng.random() < self.options.duplicates:
                redelivery = self.rng.uniform(0.2, min(60.0, max(gap, 0.2)))
                yield request, redelivery
                yield request, max(gap - redelivery, 0.0)
            else:
                yield request, gap

    # --- helpers for the scripts ------------------------------------------------------------

    def uid(self, width: int = 16) -> str:
        """A fresh numeric id of `width` digits, unique in this run and unlikely in any other."""
        return str(
            10 ** (width - 1)
            + (self._base * 7919 + next(self._numbers) * 104729 + self.rng.randrange(10**6)) % (9 * 10 ** (width - 1))
        )

    def token(self, n: int = 40) -> str:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def update_id(self) -> int:
        return next(self._update_id)

    def opener(self, customer: Customer) -> str:
        return customer.fill(self.rng.choice(TOPICS[customer.lang][customer.topic][0]))

    def follow_ups(self, customer: Customer, at_most: int = 3) -> list[str]:
        pool = list(TOPICS[customer.lang][customer.topic][1])
        count = self.rng.choices(range(0, min(at_most, len(pool)) + 1), weights=[3, 4, 2, 1][: min(at_most, len(pool)) + 1])[0]
        return [customer.fill(text) for text in self.rng.sample(pool, count)]

    def gap(self) -> float:
        """Seconds to a follow-up: a burst (seconds) or a pause (a minute or three)."""
        return self.rng.uniform(3, 20) if self.rng.random() < 0.6 else self.rng.uniform(30, 180)

    def brand_reply(self, customer: Customer) -> str:
        return self.rng.choice(BRAND_REPLIES[customer.lang])


# --- the scripts, one per kind ------------------------------------------------------------------


def messenger_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    psid = t.uid(16)
    now = t.wall_clock
    if t.rng.random() < 0.15:
        start = {"es": "Empezar", "en": "Get Started", "pl": "Rozpocznij"}[c.lang]
        yield (
            p.messenger_postback(account, psid=psid, mid=f"m_{t.token(60)}", title=start, payload="GET_STARTED", at=now()),
            t.rng.uniform(2, 10),
        )
    yield p.messenger_message(account, psid=psid, mid=f"m_{t.token(80)}", text=t.opener(c), at=now()), t.gap()
    if c.topic == "refund" and t.rng.random() < 0.4:
        url = f"https://scontent.xx.fbcdn.net/v/t1.15752-9/{t.uid(12)}_n.jpg?_nc_cat=1&oh={t.token(20)}"
        yield p.messenger_message(account, psid=psid, mid=f"m_{t.token(80)}", text="", image_url=url, at=now()), t.gap()
    for text in t.follow_ups(c):
        yield p.messenger_message(account, psid=psid, mid=f"m_{t.token(80)}", text=text, at=now()), t.gap()
    if t.rng.random() < t.options.echoes:
        mid = f"m_{t.token(80)}"
        yield p.messenger_echo(account, psid=psid, mid=mid, text=t.brand_reply(c), at=now()), t.rng.uniform(1, 4)
        yield p.messenger_delivery(account, psid=psid, mids=[mid], watermark=now()), t.rng.uniform(5, 60)
        yield p.messenger_read(account, psid=psid, watermark=now(), at=now()), 0


def instagram_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    igsid = t.uid(16)
    now = t.wall_clock
    roll = t.rng.random()
    if roll < 0.3:  # a comment on one of the brand's posts, sometimes a second one
        media = t.rng.choice(INSTAGRAM_POSTS)
        for _ in range(1 + (t.rng.random() < 0.25)):
            text = c.fill(t.rng.choice(COMMENTS[c.lang]))
            yield (
                p.instagram_comment(
                    account, user_id=igsid, username=c.handle(), comment_id=t.uid(17), media_id=media, text=text, at=now()
                ),
                t.gap(),
            )
        return
    if roll < 0.4:  # mentioned the brand in their story, then writes
        url = f"https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id={t.uid(17)}&signature={t.token(24)}"
        yield p.instagram_story_mention(account, igsid=igsid, mid=_ig_mid(t), cdn_url=url, at=now()), t.gap()
    yield p.instagram_message(account, igsid=igsid, mid=_ig_mid(t), text=t.opener(c), at=now()), t.gap()
    for text in t.follow_ups(c):
        yield p.instagram_message(account, igsid=igsid, mid=_ig_mid(t), text=text, at=now()), t.gap()


def _ig_mid(t: Traffic) -> str:
    return "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQx" + t.token(90) + "ZDZD"


def whatsapp_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    country = {"es": "34", "en": "44", "pl": "48"}[c.lang]
    wa_id = country + t.uid(9)
    now = t.wall_clock

    def wamid() -> str:
        return "wamid.HBgL" + p._b64(f"{wa_id}{t.token(20)}".encode()).rstrip("=") + "AA=="

    yield p.whatsapp_text(account, wa_id=wa_id, name=c.name, wamid=wamid(), text=t.opener(c), at=now()), t.gap()
    if c.topic in ("refund", "product") and t.rng.random() < 0.35:
        caption = {"es": "Así llegó la caja", "en": "This is how the box arrived", "pl": "Tak dotarła paczka"}[c.lang]
        yield (
            p.whatsapp_image(
                account,
                wa_id=wa_id,
                name=c.name,
                wamid=wamid(),
                media_id=t.uid(16),
                caption=caption if t.rng.random() < 0.7 else "",
                at=now(),
            ),
            t.gap(),
        )
    for text in t.follow_ups(c):
        yield p.whatsapp_text(account, wa_id=wa_id, name=c.name, wamid=wamid(), text=text, at=now()), t.gap()
    if t.rng.random() < t.options.echoes / 2:  # a coexistence number: the brand answered from the Business app
        ours = "wamid.HBgL" + p._b64(f"{wa_id}{t.token(20)}".encode()).rstrip("=") + "AB=="
        yield p.whatsapp_echo(account, wa_id=wa_id, wamid=ours, text=t.brand_reply(c), at=now()), t.rng.uniform(1, 3)
        yield p.whatsapp_status(account, wa_id=wa_id, wamid=ours, status="delivered", at=now()), t.rng.uniform(5, 60)
        yield p.whatsapp_status(account, wa_id=wa_id, wamid=ours, status="read", at=now()), 0


def telegram_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    user = p.TelegramUser(
        id=int(t.uid(10)),
        first_name=c.first,
        last_name=c.last if t.rng.random() < 0.6 else "",
        username=c.handle(),
        language_code=c.lang,
    )
    now = t.wall_clock
    message_id = t.rng.randint(100, 5000)
    first_text, first_at = t.opener(c), now()
    yield (
        p.telegram_message(account, update_id=t.update_id(), user=user, message_id=message_id, text=first_text, at=first_at),
        t.rng.uniform(5, 40),
    )
    if t.rng.random() < 0.15:  # fixes a typo in the first message
        fixed = f"{first_text} {c.fill(EDIT_NOTE[c.lang])}"
        yield (
            p.telegram_edited_message(
                account, update_id=t.update_id(), user=user, message_id=message_id, text=fixed, sent=first_at, edited=now()
            ),
            t.gap(),
        )
    for text in t.follow_ups(c):
        message_id += 2
        yield p.telegram_message(account, update_id=t.update_id(), user=user, message_id=message_id, text=text, at=now()), t.gap()
    if t.rng.random() < 0.1:  # answers the bot's satisfaction buttons
        buttons = [("⭐", "csat:1"), ("⭐⭐⭐", "csat:3"), ("⭐⭐⭐⭐⭐", "csat:5")]
        yield (
            p.telegram_callback(
                account,
                update_id=t.update_id(),
                user=user,
                callback_id=t.uid(19),
                data=t.rng.choice(["csat:5", "csat:5", "csat:3", "csat:1"]),
                bot_message_id=message_id + 1,
                bot_text=CSAT_QUESTION[c.lang],
                buttons=buttons,
                bot_message_at=now(),
            ),
            0,
        )


def x_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    user = p.XUser(
        id=t.uid(18), name=c.name, screen_name=c.handle(), followers_count=int(t.rng.paretovariate(1.2) * 80), location=c.city
    )
    brand = account.credentials.get("screen_name") or "DialogoCafe"
    now = t.wall_clock
    if t.rng.random() < 0.4:  # public: a mention, or a reply to one of the brand's posts
        reply_to = t.rng.choice(X_POSTS) if t.rng.random() < 0.4 else ""
        text = c.fill(t.rng.choice(COMMENTS[c.lang])) if reply_to else t.opener(c)
        yield (
            p.x_mention(
                account, user=user, tweet_id=t.uid(19), text=text, at=now(), brand_screen_name=brand, in_reply_to=reply_to
            ),
            t.gap(),
        )
        return
    yield p.x_dm(account, user=user, event_id=t.uid(19), text=t.opener(c), at=now()), t.gap()
    for text in t.follow_ups(c, at_most=2):
        yield p.x_dm(account, user=user, event_id=t.uid(19), text=text, at=now()), t.gap()
    if t.rng.random() < t.options.echoes:
        ours = t.uid(19)
        yield p.x_dm_echo(account, user=user, event_id=ours, text=t.brand_reply(c), at=now()), t.rng.uniform(5, 60)
        yield p.x_read(account, user=user, last_read_event_id=ours, at=now()), 0


def email_script(t: Traffic, account: SimAccount, c: Customer) -> Script:
    domain = t.rng.choice(MAIL_DOMAINS[c.lang])
    address = f"{_ascii(c.first).lower()}.{_ascii(c.last).lower()}{c.number % 100}@{domain}"
    subject = c.fill(SUBJECTS[c.lang][c.topic])
    sign_off = {"es": "Un saludo,", "en": "Kind regards,", "pl": "Pozdrawiam,"}[c.lang]
    now = t.wall_clock
    first_id = f"{t.token(24)}@mail.{domain}"
    attachment = None
    if c.topic == "refund" and t.rng.random() < 0.5:
        attachment = (f"pedido_{c.order}.png" if c.lang == "es" else f"order_{c.order}.png", "image/png", p.TINY_PNG)
    body = f"{t.opener(c)}\n\n{sign_off}\n{c.name}"
    yield (
        p.email_message(
            account,
            from_name=c.name,
            from_address=address,
            subject=subject,
            text=body,
            message_id=first_id,
            at=now(),
            attachment=attachment,
            with_html=t.rng.random() < 0.4,
        ),
        t.rng.uniform(60, 300),
    )
    thread = [first_id]
    for text in t.follow_ups(c, at_most=2):
        reply_id = f"{t.token(24)}@mail.{domain}"
        quoted = "\n".join(f"> {line}" for line in body.splitlines())
        attribution = {
            "es": f"El {now():%d/%m/%Y}, {c.name} escribió:",
            "en": f"On {now():%d %b %Y}, {c.name} wrote:",
            "pl": f"W dniu {now():%d.%m.%Y} {c.name} napisał(a):",
        }[c.lang]
        reply_body = f"{text}\n\n{c.first}\n\n{attribution}\n{quoted}"
        yield (
            p.email_message(
                account,
                from_name=c.name,
                from_address=address,
                subject=f"Re: {subject}",
                text=reply_body,
                message_id=reply_id,
                at=now(),
                in_reply_to=thread[-1],
                references=thread,
            ),
            t.rng.uniform(60, 300),
        )
        thread.append(reply_id)
        body = reply_body


SCRIPTS: dict[str, Callable[[Traffic, SimAccount, Customer], Script]] = {
    "messenger": messenger_script,
    "instagram": instagram_script,
    "whatsapp": whatsapp_script,
    "telegram": telegram_script,
    "x": x_script,
    "email": email_script,
}
