"""Chinese (simplified) catalogue. Keys mirror ``en.py`` exactly; ``tests/core/test_texts.py`` checks it."""

TEXTS: dict[str, str] = {
    # --- formatting ---
    "fmt.weekday.mon": "周一", "fmt.weekday.tue": "周二", "fmt.weekday.wed": "周三", "fmt.weekday.thu": "周四",
    "fmt.weekday.fri": "周五", "fmt.weekday.sat": "周六", "fmt.weekday.sun": "周日",
    "fmt.month.1": "1月", "fmt.month.2": "2月", "fmt.month.3": "3月", "fmt.month.4": "4月", "fmt.month.5": "5月",
    "fmt.month.6": "6月", "fmt.month.7": "7月", "fmt.month.8": "8月", "fmt.month.9": "9月", "fmt.month.10": "10月",
    "fmt.month.11": "11月", "fmt.month.12": "12月",
    "fmt.date": "{m}月{d}日（{wd}）",
    "fmt.date_year": "{y}年{m}月{d}日（{wd}）",
    "fmt.datetime": "{day} {time}",
    "fmt.list_sep": "、",
    "fmt.rule.once": "一次性",
    "fmt.rule.monthly": "每月{d}日",
    "fmt.rule.monthly_clamped": "每月{d}日（小月为月底）",
    "fmt.rule.month_end": "每月月底",
    "fmt.rule.monthly_plain": "每月",
    "fmt.rule.weekly": "每{days}",
    "fmt.rule.biweekly": "每两周的{days}",
    "fmt.rule.daily": "每天",
    "fmt.rule.yearly": "每年",
    "fmt.rule.yearly_lunar": "每年（农历）",
    "fmt.rule.custom": "按规则 {rule}",
    # --- buttons ---
    "btn.consent_yes": "✅ 同意并开始",
    "btn.consent_no": "不同意",
    "btn.confirm": "✅ 确认保存",
    "btn.edit": "✏️ 修改",
    "btn.cancel": "取消",
    "btn.yes": "是的",
    "btn.no": "不是",
    "btn.help": "看看能做什么",
    "btn.list": "📋 我的欠款",
    "btn.settings": "⚙️ 设置",
    "btn.undo": "↩️ 撤销",
    "btn.field_creditor": "欠款方",
    "btn.field_amount": "金额",
    "btn.field_balance": "待还金额",
    "btn.field_due": "到期日",
    "btn.paid_full": "✅ 已还清",
    "btn.paid_part": "💰 还了一部分",
    "btn.paid_named": "✅ {creditor} 已还清",
    "btn.paid_all_of": "全部还清 {amount}",
    "btn.snooze_1h": "⏰ 1小时后",
    "btn.snooze_tonight": "🌙 今晚",
    "btn.snooze_tomorrow": "☀️ 明早",
    "btn.stop_debt": "🔕 不再提醒这笔",
    "btn.unmute": "🔔 恢复提醒",
    "btn.done": "✅ 完成",
    "btn.done_named": "✅ 第{n}条完成",
    "btn.history": "📜 还款记录",
    "btn.delete": "🗑 删除",
    "btn.delete_confirm": "确认删除",
    "btn.delete_everything": "确认删除全部数据",
    "btn.keep_bill": "沿用 {amount}",
    "btn.cancel_reminder": "取消这个提醒",
    "btn.cancel_numbered": "取消第{n}条",
    "btn.use_alternative": "改为 {when}",
    "btn.set_lang": "语言",
    "btn.set_tz": "时区",
    "btn.set_hour": "提醒时间",
    "btn.set_quiet": "免打扰",
    "btn.set_lead": "提前几天",
    "btn.set_tips": "小贴士频率",
    # --- onboarding ---
    "onb.welcome": (
        "你好，我是还款助手 👋\n"
        "告诉我你欠了谁、多少钱、哪天要还，比如「花呗欠了3000，每月10号还」，"
        "我会在到期前提醒你，记录你的还款，并陪你一步步把信用修复回来。\n\n"
        "开始前需要你的同意：欠款金额、债权方和还款记录属于敏感个人信息（金融账户信息）。"
        "我只用它们来给你提醒和计划，不分享给任何人，不需要也请不要发送卡号或密码。"
        "你随时可以用 /export 导出、用 /delete 全部删除。详见 /privacy。\n\n"
        "同意我保存这些信息吗？"
    ),
    "onb.welcome_back": "欢迎回来 👋 直接告诉我新的欠款或还款就行，比如「还了1000」。",
    "onb.consent_needed": (
        "保存之前需要你的同意：欠款和还款信息属于敏感个人信息，我只用来提醒你和帮你做计划，"
        "随时可以 /export 导出或 /delete 删除。同意吗？"
    ),
    "onb.consented": "谢谢，已记下你的同意 ✅",
    "onb.declined": "好的，我不会保存任何财务信息。想开始时发送 /start。",
    "onb.examples": (
        "试试这样说：\n"
        "• 花呗欠了3000元，12月10号要还\n"
        "• 招行信用卡5200，每月15号还\n"
        "• 还了1000\n"
        "• 2分钟后提醒我给花呗客服打电话\n"
        "发送 /help 查看全部功能。"
    ),
    "onb.help": (
        "我能做这些：\n"
        "• 记欠款：「花呗欠了3000，每月10号还」\n"
        "• 记还款：「还了1000」「花呗还清了」或 /paid\n"
        "• 到期前提醒（默认提前3天、1天和当天），逾期时每天温和地提醒一次\n"
        "• 自定义提醒：「明天10点提醒我给银行打电话」\n"
        "• /list 查看欠款　/reminders 查看提醒　/undo 撤销上一步\n"
        "• /settings 语言、时区、提醒时间、免打扰\n"
        "• /export 导出数据　/delete 删除全部数据　/privacy 隐私说明"
    ),
    "onb.privacy": (
        "隐私说明：\n"
        "• 保存什么：你告诉我的欠款方、金额、到期日、还款记录、提醒，以及语言、时区等设置。\n"
        "• 为什么：只为了按时提醒你、记录进度、给你还款计划。\n"
        "• 保存多久：直到你删除。发送 /delete 会删除你的全部数据（包括待发的提醒）。\n"
        "• 你的权利：/export 随时导出全部数据；修改或删除任意一笔欠款。\n"
        "• 请不要发送银行卡号、密码或验证码；不小心发了卡号，我会只保留后四位。"
    ),
    "onb.cancelled": "好的，已取消。",
    "onb.nothing_to_cancel": "现在没有进行中的操作。",
    # --- registration ---
    "reg.how_to_add": "直接告诉我就行，比如「花呗欠了3000，12月10号要还」或「/add 借呗 5000 每月5号」。",
    "reg.ask_creditor": "{known}\n\n这笔钱欠的是谁？比如「花呗」「招商银行信用卡」「借呗」。",
    "reg.ask_amount": "{known}\n\n欠了多少钱？比如「3000」或「3千5」。",
    "reg.ask_due": "{known}\n\n哪天要还？比如「12月10日」「每月10号」「下周五」。",
    "reg.ask_creditor_again": "没看出是欠谁的，可以说「花呗」「招行信用卡」或者对方的名字。",
    "reg.ask_amount_again": "没看出金额，请直接发数字，比如「3000」或「1.2万」。",
    "reg.ask_due_again": "没看出日期，可以说「12月10日」「15号」「每月10号」或「下周五」。",
    "reg.line_creditor": "• 欠款方：{creditor}",
    "reg.line_amount": "• 金额：{amount}",
    "reg.line_due": "• 到期：{due}",
    "reg.line_due_overdue": "• 到期：{due}（已逾期 {days} 天）",
    "reg.line_repeat": "• 重复：{repeat}",
    "reg.line_rate": "• 日利率：{rate}",
    "reg.confirm": "我理解的是：\n{summary}\n\n确认保存吗？",
    "reg.which_field": "要改哪一项？",
    "reg.saved": "已保存：{creditor} {amount} ✅\n{next}",
    "reg.next_reminder": "第一次提醒：{when}。",
    "reg.no_reminder_planned": "这笔欠款目前没有要发的提醒。",
    # --- list, card, edit, delete ---
    "list.empty": "你还没有记录欠款。直接告诉我，比如「花呗欠了3000，12月10号要还」。",
    "list.header": "你的欠款（{count} 笔，合计 {total}）：\n{lines}\n\n点下面的按钮管理某一笔。",
    "list.line": "{creditor} {amount} — {due}{status}{repeat}{muted}",
    "list.line_no_due": "{creditor} {amount} — 未设到期日",
    "list.due_in": "，还有 {days} 天",
    "list.due_today": "，今天到期",
    "list.overdue": "，已逾期 {days} 天",
    "list.repeat": "，{repeat}",
    "list.muted": "（已停止提醒）",
    "debt.card": "{line}\n原始金额 {original}，已还 {paid}，{repeat}。",
    "debt.card_settled": "{line}：已还清 🎉 原始金额 {original}，共还 {paid}。",
    "debt.unmuted": "🔔 已恢复「{creditor}」的提醒。",
    "edit.which_field": "要修改「{creditor}」的哪一项？",
    "edit.ask_creditor": "请发送新的欠款方名称。",
    "edit.ask_amount": "请发送「{creditor}」现在还欠多少，比如「2500」。",
    "edit.ask_due": "请发送「{creditor}」新的到期日，比如「12月15日」或「每月15号」。",
    "edit.saved": "已修改 ✅ {line}",
    "del.confirm_debt": "确定删除「{creditor}」（待还 {amount}）和它的还款记录、提醒吗？",
    "del.debt_done": "已删除「{creditor}」。如果删错了，点「撤销」。",
    "hist.empty": "「{creditor}」还没有还款记录。",
    "hist.header": "「{creditor}」的还款记录：\n{lines}",
    "hist.line": "{when} 还 {amount}，剩 {left}（{on_time}）",
    "hist.on_time": "按时",
    "hist.late": "逾期后",
    # --- payments ---
    "pay.no_debts": "你还没有记录欠款，先告诉我欠了什么，比如「花呗欠了3000，12月10号要还」。",
    "pay.which": "是哪一笔的还款？",
    "pay.ask_amount": "「{creditor}」还了多少？（待还 {balance}）直接发数字就行。",
    "pay.ask_amount_again": "没看出金额，请直接发数字，比如「1000」。",
    "pay.more_than_balance": "「{creditor}」只剩 {balance} 待还，你说的是 {amount}。要按全部还清记录吗？",
    "pay.partial": "已记录：「{creditor}」还了 {amount} 💪 还剩 {balance}。",
    "pay.settled": "🎉 「{creditor}」已还清（最后一笔 {amount}）！\n记得截图保存还款记录；发送 /list 看看其他欠款。",
    "pay.cycle_paid": (
        "🎉 「{creditor}」这一期已还清（{amount}）！下一期 {due} 到期。\n"
        "下一期账单是多少？直接发金额，或者沿用上期 {last}。"
    ),
    "bill.kept": "好的，「{creditor}」下一期按 {amount} 记，{due} 到期，到时提醒你。",
    "bill.set": "已更新：「{creditor}」下一期 {amount}，{due} 到期。",
    # --- reminders ---
    "rem.pre_due": "⏰ 还款提醒：「{creditor}」{amount} 将在 {due} 到期，还有 {days} 天。",
    "rem.due_today": "⏰ 今天到期：「{creditor}」{amount}。今天 24:00 前还上都算按时。",
    "rem.overdue": "「{creditor}」{amount} 已逾期 {days} 天（原定 {due}）。",
    "rem.penalty_estimate": "\n按你填写的日利率 {rate} 估算，逾期费用约 {penalty}（估算，以账单为准）。",
    "rem.overdue_hint": "\n能还多少先还多少，早一天还上就少算一天；实在困难，可以主动联系平台协商。",
    "rem.late": "\n（迟到的提醒：原定 {when}，当时机器人不在线）",
    "rem.custom": "⏰ 提醒：{task}",
    "rem.custom_untitled": "你设置的提醒",
    "rem.several": "你有 {count} 条提醒：",
    "rem.folded": "你有 {count} 条提醒没来得及发出，合在一起说：",
    "rem.how_to": "告诉我时间和事情，比如「/remind 明天10点 给花呗客服打电话」或「2分钟后提醒我喝水」。",
    "rem.ask_when": "什么时候提醒你「{task}」？比如「明天10点」「2小时后」「每周一早上9点」。",
    "rem.ask_when_again": "没看出时间，可以说「明天上午10点」「30分钟后」或「12月10日 9:00」。",
    "rem.in_past": "{when} 已经过去了，换个以后的时间吧。",
    "rem.set": "好的，{when} 提醒你：{task} ✅{extra}",
    "rem.set_repeat": "好的，{repeat}提醒你：{task}，第一次在 {when} ✅{extra}",
    "rem.alternative": "\n（如果你指的是 {when}，点下面的按钮改一下）",
    "rem.snoozed": "⏰ 好的，{when} 再提醒你「{creditor}」。",
    "rem.snoozed_custom": "⏰ 好的，{when} 再提醒你：{task}",
    "rem.stopped": "🔕 已停止提醒「{creditor}」。需要时在 /list 里恢复。",
    "rem.done": "✅ 已完成：{task}",
    "rem.cancelled": "已取消提醒：{task}",
    "rem.moved": "已改到 {when}：{task}",
    "rem.none": "没有待发的自定义提醒。",
    "rem.list": "待发的提醒：\n{lines}",
    # --- undo ---
    "undo.nothing": "最近一天没有可以撤销的操作。",
    "undo.add_debt": "↩️ 已撤销：删除了刚添加的「{creditor}」。",
    "undo.payment": "↩️ 已撤销这次还款：「{creditor}」恢复为待还 {balance}。",
    "undo.edit": "↩️ 已撤销修改：「{creditor}」待还 {balance}。",
    "undo.delete": "↩️ 已恢复「{creditor}」（待还 {balance}）。",
    # --- settings ---
    "set.summary": (
        "当前设置：\n• 语言：{language}\n• 时区：{zone}（你那里现在 {local}）\n• 每天提醒时间：{hour}\n"
        "• 免打扰：{quiet}\n• 提前提醒：{lead}\n• 小贴士：{tips}"
    ),
    "set.lang_name.zh": "中文",
    "set.lang_name.en": "English",
    "set.ask_lang": "选择语言：",
    "set.lang_saved": "好的，以后用中文和你聊。",
    "set.ask_tz": "你在哪个城市或时区？比如「上海」「纽约」「Europe/London」「UTC+8」。",
    "set.ask_tz_again": "那你在哪个城市？也可以直接发时区名，比如「America/New_York」。",
    "set.tz_unknown": "没认出这个时区，可以发城市名（上海、伦敦、纽约）或「Asia/Shanghai」这样的名字。",
    "set.tz_confirm": "时区 {zone}：你那里现在是 {date} {time} 吗？",
    "set.tz_saved": "时区已改为 {zone}（现在 {time}）。提醒会保持在当地的同一时间。",
    "set.ask_hour": "每天几点提醒你？比如「9:00」「上午10点」「20:30」。",
    "set.hour_unknown": "没看出时间，发「9:00」或「晚上8点」这样的就行。",
    "set.hour_in_quiet": "这个时间在免打扰时段（{quiet}）里，请换一个，或者先在设置里调整免打扰。",
    "set.hour_saved": "好的，以后 {hour} 提醒你。",
    "set.ask_quiet": "免打扰时段？比如「22:00-08:00」，发「关闭」表示不设。这段时间我不会主动发消息（你自己定的提醒除外）。",
    "set.quiet_unknown": "格式像「22:00-08:00」就行，或者发「关闭」。",
    "set.quiet_off": "不设",
    "set.quiet_saved": "免打扰已设为：{quiet}。",
    "set.ask_lead": "到期前几天提醒你？用逗号分隔，比如「3,1,0」（0 表示当天）。",
    "set.lead_unknown": "发几个 0 到 30 的数字就行，比如「3,1,0」。",
    "set.lead_day": "提前{n}天",
    "set.lead_due_day": "当天",
    "set.lead_saved": "好的：{lead}。",
    "set.ask_tips": "信用修复小贴士多久发一次？",
    "set.tips.weekly": "每周",
    "set.tips.daily": "每天",
    "set.tips.off": "关闭",
    "set.tips_saved": "小贴士：{tips}。",
    # --- your data ---
    "data.export_ready": "这是你的全部数据：{debts} 笔欠款、{payments} 条还款（JSON 完整版和 CSV 表格版）。",
    "data.delete_confirm": "确定删除你的全部数据吗？所有欠款、还款记录、提醒和设置都会被永久删除，无法恢复。",
    "data.deleted": "已删除你的全部数据。谢谢你用过还款助手，想重新开始时发送 /start。",
    # --- errors ---
    "err.internal": "抱歉，我这边出了点问题，刚才的操作没有生效。请稍后再试一次。",
    "err.empty": "收到一条空消息。告诉我欠款或还款情况，或者发送 /help。",
    "err.too_long": "消息太长了（超过 {limit} 个字），请分几次发，或者说得简短些。",
    "err.unknown_command": "没有 /{command} 这个命令，发送 /help 看看我能做什么。",
    "err.not_understood": (
        "我没太明白 🤔 可以这样说：\n• 花呗欠了3000，12月10号要还\n• 还了1000\n• 明天10点提醒我给银行打电话"
    ),
    "err.stale_button": "这个按钮已经失效了。发送 /list 看看最新情况。",
    "err.not_found": "没找到这条记录，可能已经删除了。",
    "err.debt_not_found": "没找到这笔欠款，可能已经删除或还清了。发送 /list 看看。",
    "err.reminder_not_found": "没找到这个提醒，可能已经发出或取消了。",
    "err.nothing_pending": "现在没有需要确认的内容。",
    "err.amount_zero": "金额不能是 0，请发一个大于 0 的数。",
    "err.amount_negative": "金额不能是负数，请发欠款或还款的实际数额，比如「3000」。",
    "err.amount_absurd": "这个金额看起来不太对（太大或小数位太多），请再确认一下。",
    "err.date_impossible": "这个日期不存在（比如 2月30日），请再确认一下。",
    "err.date_too_old": "这个日期太久以前了。如果欠款已经逾期很久，请发最近一次应还的日期。",
    "err.date_too_far": "这个日期太远了，请发 10 年以内的日期。",
    "err.too_many_debts": "最多记录 {limit} 笔欠款。可以先删除已经不用的。",
    "err.too_many_reminders": "待发的提醒已经有 {limit} 条了，先取消一些再加吧（/reminders）。",
    # --- console ---
    "console.banner": "还款助手 · 控制台聊天（未设置 TELEGRAM_BOT_TOKEN）。输入消息后回车；输入数字按对应按钮；Ctrl-D 退出。",
    "console.reply_prefix": "bot> ",
    "console.pushed_prefix": "bot 🔔> ",
    "console.file_saved": "文件已保存：{path}",
    "console.worker_started": "提醒发送进程已启动（不接收消息）。",
    # --- telegram (channel) ---
    "tg.cmd.start": "开始使用",
    "tg.cmd.help": "我能做什么",
    "tg.cmd.list": "我的欠款",
    "tg.cmd.paid": "记一笔还款",
    "tg.cmd.remind": "设一个提醒",
    "tg.cmd.reminders": "待发的提醒",
    "tg.cmd.undo": "撤销上一步",
    "tg.cmd.settings": "语言、时区、提醒时间、免打扰",
    "tg.cmd.export": "导出我的数据",
    "tg.cmd.delete": "删除我的全部数据",
}
