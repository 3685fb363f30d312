from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

import models

config = context.config
fileConfig(config.config_file_name)
# A case's models name their metadata `target_metadata` (a MetaData or a list of them).
target_metadata = models.target_metadata
x = context.get_x_argument(as_dictionary=True)


def run_migrations_online() -> None:
    connectable = engine_from_config(
        config.get_section(config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=x.get("batch") == "1",
            # A case's models may define autogenerate's callables and options.
            compare_server_default=getattr(
                models, "compare_server_default", x.get("compare_server_default") == "1"
            ),
            compare_type=getattr(models, "compare_type", x.get("compare_type") != "0"),
            include_object=getattr(models, "include_object", None),
            include_name=getattr(models, "include_name", None),
            process_revision_directives=getattr(models, "process_revision_directives", None),
            user_module_prefix=getattr(models, "user_module_prefix", None),
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
