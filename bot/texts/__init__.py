"""Every text a user sees, in one place: short, kind, clear Vietnamese, one module per feature.

`from bot import texts; texts.X` reaches every text of every module: the modules below are re-exported
here. A new text goes in the module of its feature (docs/recipes/text.md); a word several features
share goes in `common`.
"""

from bot.texts.common import *  # noqa: F401,F403
from bot.texts.facts import *  # noqa: F401,F403
from bot.texts.registration import *  # noqa: F401,F403
from bot.texts.reporting import *  # noqa: F401,F403
from bot.texts.lists import *  # noqa: F401,F403
from bot.texts.officials import *  # noqa: F401,F403
from bot.texts.review import *  # noqa: F401,F403
from bot.texts.council import *  # noqa: F401,F403
from bot.texts.records import *  # noqa: F401,F403
from bot.texts.reminders import *  # noqa: F401,F403
from bot.texts.rounds import *  # noqa: F401,F403
from bot.texts.documents import *  # noqa: F401,F403
from bot.texts.command_line import *  # noqa: F401,F403
from bot.texts.channels import *  # noqa: F401,F403
from bot.texts.web import *  # noqa: F401,F403
from bot.texts.history import *  # noqa: F401,F403

MODULES = ("common", "facts", "registration", "reporting", "lists", "officials", "review", "council", "records",
           "reminders", "rounds", "documents", "command_line", "channels", "web", "history")
