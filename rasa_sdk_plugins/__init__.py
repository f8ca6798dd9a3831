"""rasa-sdk 3.6's plugin package: its action server imports it and calls `init_hooks`.

rasa-sdk 3.6 finds plugins by importing a top-level package named `rasa_sdk_plugins` (there are
no entry points in that release) and treats a `ModuleNotFoundError` as "no plugins". This one
registers `channels.action_server` (error replies that do not echo the conversation), so
`rasa run actions` started in the project folder gets it too.
"""

from __future__ import annotations

import pluggy


def init_hooks(manager: pluggy.PluginManager) -> None:
    """Registers the project's action-server hooks.

    Args:
        manager: rasa-sdk's plugin manager.

    Raises:
        ImportError: When the project's hook cannot be imported (a `ModuleNotFoundError` would
            be read by rasa-sdk as "no plugins" and the server would start unhardened).
        channels.patches.UnsupportedVersionError: On a rasa-sdk release it was not written for.
    """
    try:
        from channels import action_server
        from channels.patches import check_rasa_sdk_version
    except ModuleNotFoundError as error:
        raise ImportError(f"the action server's hardening cannot be loaded: {error}") from error
    check_rasa_sdk_version()
    action_server.register(manager)
