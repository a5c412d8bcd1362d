"""``hallkeeper demo``: load (or refresh) the Anshan demo hall and list its logins."""

from django.core.management.base import BaseCommand

from hallkeeper.demo import DEMO_PASSWORD, demo_accounts, demo_counts, load_demo
from hallkeeper.demo.anshan import DEMO_URL
from hallkeeper.demo.loader import display_width, pad


class Command(BaseCommand):
    help = (
        "Load the demo hall (鞍山市政务服务中心: 17 zones, windows, positions, the three work groups) "
        "and a login for every role. Safe to run again: it updates the same records. "
        "Use -v 2 to list every window-staff login too."
    )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        hall = load_demo(stdout=self.stdout if verbosity >= 2 else None)

        self.stdout.write(self.style.SUCCESS(f"演示大厅已就绪：{hall.name}（{hall.code}）"))
        counts = demo_counts(hall)
        width = max(display_width(label) for label in counts)
        for label, n in counts.items():
            self.stdout.write(f"  {pad(label, width)}  {n:>4}")

        rows = demo_accounts(hall)
        shown = rows if verbosity >= 2 else [r for r in rows if not r.username.startswith("staff-")]
        hidden = len(rows) - len(shown)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"演示账号（密码均为 {DEMO_PASSWORD}，仅在账号新建时设置）"))
        table = [("账号", "角色", "人员", "范围")] + [(r.username, r.role_label, r.person, r.scope) for r in shown]
        widths = [max(display_width(row[i]) for row in table) for i in range(3)]
        for row in table:
            cells = [pad(cell, w) for cell, w in zip(row[:3], widths, strict=True)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))
        if hidden:
            self.stdout.write(
                f"  另有 {hidden} 个窗口工作人员账号 staff-<窗口号>（如 staff-c01），"
                "即各窗口的第一名工作人员；用 -v 2 列出全部。"
            )
        self.stdout.write("")
        self.stdout.write(f"打开 {DEMO_URL}")
