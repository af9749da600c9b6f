"""English catalogue. Keys mirror ``zh.py`` exactly; ``tests/core/test_texts.py`` checks it."""

TEXTS: dict[str, str] = {
    # --- formatting ---
    "fmt.weekday.mon": "Mon", "fmt.weekday.tue": "Tue", "fmt.weekday.wed": "Wed", "fmt.weekday.thu": "Thu",
    "fmt.weekday.fri": "Fri", "fmt.weekday.sat": "Sat", "fmt.weekday.sun": "Sun",
    "fmt.month.1": "Jan", "fmt.month.2": "Feb", "fmt.month.3": "Mar", "fmt.month.4": "Apr", "fmt.month.5": "May",
    "fmt.month.6": "Jun", "fmt.month.7": "Jul", "fmt.month.8": "Aug", "fmt.month.9": "Sep", "fmt.month.10": "Oct",
    "fmt.month.11": "Nov", "fmt.month.12": "Dec",
    "fmt.month_full.1": "January",
    "fmt.month_full.2": "February",
    "fmt.month_full.3": "March",
    "fmt.month_full.4": "April",
    "fmt.month_full.5": "May",
    "fmt.month_full.6": "June",
    "fmt.month_full.7": "July",
    "fmt.month_full.8": "August",
    "fmt.month_full.9": "September",
    "fmt.month_full.10": "October",
    "fmt.month_full.11": "November",
    "fmt.month_full.12": "December",
    "fmt.date_long": "{d} {month} {y}",
    "fmt.date": "{wd} {d} {mon}",
    "fmt.date_year": "{wd} {d} {mon} {y}",
    "fmt.datetime": "{day}, {time}",
    "fmt.list_sep": ", ",
    "fmt.rule.once": "one-off",
    "fmt.rule.monthly": "monthly on the {nth}",
    "fmt.rule.monthly_clamped": "monthly on the {nth} (the last day in shorter months)",
    "fmt.rule.month_end": "monthly on the last day",
    "fmt.rule.monthly_plain": "monthly",
    "fmt.rule.weekly": "every {days}",
    "fmt.rule.biweekly": "every other {days}",
    "fmt.rule.daily": "daily",
    "fmt.rule.yearly": "yearly",
    "fmt.rule.yearly_lunar": "yearly (lunar calendar)",
    "fmt.rule.custom": "by rule {rule}",
    # --- buttons ---
    "btn.consent_yes": "✅ I agree, let's start",
    "btn.consent_no": "I don't agree",
    "btn.confirm": "✅ Save",
    "btn.edit": "✏️ Change",
    "btn.cancel": "Cancel",
    "btn.yes": "Yes",
    "btn.no": "No",
    "btn.help": "What can you do?",
    "btn.list": "📋 My debts",
    "btn.settings": "⚙️ Settings",
    "btn.undo": "↩️ Undo",
    "btn.field_creditor": "Creditor",
    "btn.field_amount": "Amount",
    "btn.field_balance": "Balance",
    "btn.field_due": "Due date",
    "btn.paid_full": "✅ Paid in full",
    "btn.paid_part": "💰 Paid part",
    "btn.paid_named": "✅ {creditor} paid",
    "btn.paid_all_of": "Paid all {amount}",
    "btn.snooze_1h": "⏰ In 1 hour",
    "btn.snooze_tonight": "🌙 Tonight",
    "btn.snooze_tomorrow": "☀️ Tomorrow",
    "btn.stop_debt": "🔕 Stop reminding",
    "btn.unmute": "🔔 Remind again",
    "btn.done": "✅ Done",
    "btn.done_named": "✅ #{n} done",
    "btn.history": "📜 Payments",
    "btn.delete": "🗑 Delete",
    "btn.delete_confirm": "Yes, delete",
    "btn.delete_everything": "Yes, delete all my data",
    "btn.keep_bill": "Keep {amount}",
    "btn.cancel_reminder": "Cancel this reminder",
    "btn.cancel_numbered": "Cancel #{n}",
    "btn.use_alternative": "Make it {when}",
    "btn.set_lang": "Language",
    "btn.set_tz": "Time zone",
    "btn.set_hour": "Reminder time",
    "btn.set_quiet": "Quiet hours",
    "btn.set_lead": "Days ahead",
    "btn.set_tips": "Tip frequency",
    # --- onboarding ---
    "onb.welcome": (
        "Hi, I'm RepayBot 👋\n"
        "Tell me who you owe, how much and when it's due — e.g. \"credit card 5,200 due on the 15th every month\" — "
        "and I'll remind you before each due date, keep track of what you pay, and walk you through rebuilding "
        "your credit.\n\n"
        "First I need your consent: amounts, lenders and payments are sensitive personal (financial) information. "
        "I use them only for your reminders and plans and never share them. Please don't send card numbers or "
        "passwords. You can /export or /delete everything at any time; see /privacy.\n\n"
        "May I store this information?"
    ),
    "onb.welcome_back": "Welcome back 👋 Just tell me about a new debt or a payment, e.g. \"paid 500 on the card\".",
    "onb.consent_needed": (
        "Before I save anything I need your consent: debts and payments are sensitive personal information. I use "
        "them only to remind you and plan with you, and you can /export or /delete them any time. Do you agree?"
    ),
    "onb.consented": "Thank you, your consent is recorded ✅",
    "onb.declined": "Understood — I won't store any financial information. Send /start whenever you're ready.",
    "onb.examples": (
        "Try saying:\n"
        "• credit card 5,200 due on the 15th every month\n"
        "• Huabei 3000 due Dec 10\n"
        "• paid 500 on the card\n"
        "• remind me in 2 hours to call the bank\n"
        "Send /help to see everything."
    ),
    "onb.help": (
        "Here's what I can do:\n"
        "• Track a debt: \"credit card 5,200 due on the 15th every month\"\n"
        "• Record a payment: \"paid 500 on the card\", \"paid off Huabei\" or /paid\n"
        "• Remind you before due dates (3 days, 1 day and on the day by default) and nudge you gently once a day "
        "while something is overdue\n"
        "• Your own reminders: \"remind me tomorrow at 10am to call the bank\"\n"
        "• Ask me: \"how long does a late payment stay on my report?\", \"can I negotiate with the bank?\" "
        "(answers cite their sources)\n"
        "• /list your debts   /reminders   /undo the last change\n"
        "• /recovery the four-step recovery checklist   /tip a sourced tip\n"
        "• /plan 2000 compares avalanche and snowball for a monthly budget   /chart   /ics calendar\n"
        "• /settings language, time zone, reminder time, quiet hours\n"
        "• /export your data   /delete all of it   /privacy"
    ),
    "onb.privacy": (
        "Privacy:\n"
        "• Who handles your information: {operator}\n"
        "• What is stored: the lenders, amounts, due dates, payments and reminders you tell me, and your settings "
        "(language, time zone).\n"
        "• Why: only to remind you on time, track progress and plan repayments.\n"
        "• For how long: only as long as these purposes need (PIPL art. 19); when you no longer need it, /delete "
        "removes all your data at once, pending reminders included.\n"
        "• Your rights: /export everything at any time; edit or delete any debt.\n"
        "• Never send card numbers, passwords or codes; if you paste a card number by mistake I keep only its last "
        "four digits."
    ),
    "onb.cancelled": "OK, cancelled.",
    "onb.nothing_to_cancel": "There is nothing in progress to cancel.",
    # --- registration ---
    "reg.how_to_add": "Just tell me, e.g. \"credit card 5,200 due on the 15th every month\" or "
                      "\"/add car loan 800 every month on the 5th\".",
    "reg.ask_creditor": "{known}\n\nWho is this owed to? E.g. \"credit card\", \"Huabei\", \"student loan\".",
    "reg.ask_amount": "{known}\n\nHow much is owed? E.g. \"3000\" or \"5.2k\".",
    "reg.ask_due": "{known}\n\nWhen is it due? E.g. \"Dec 10\", \"the 15th every month\", \"next Friday\".",
    "reg.ask_creditor_again": "I couldn't tell who it's owed to — try \"credit card\", \"Huabei\" or a name.",
    "reg.ask_amount_again": "I couldn't find an amount — please send a number like \"3000\" or \"5.2k\".",
    "reg.ask_due_again": "I couldn't find a date — try \"Dec 10\", \"the 15th\", \"every month on the 10th\" or "
                         "\"next Friday\".",
    "reg.line_creditor": "• Creditor: {creditor}",
    "reg.line_amount": "• Amount: {amount}",
    "reg.line_due": "• Due: {due}",
    "reg.line_due_overdue": "• Due: {due} ({days} {days:day|days} late)",
    "reg.line_repeat": "• Repeats: {repeat}",
    "reg.line_rate": "• Overdue rate a day: {rate}",
    "reg.ask_rate_kind": "Which kind of rate is {rate}: a late-payment (penalty) rate a day, or the normal annual rate (APR)? They differ a lot, so I'd rather ask than guess.",
    "btn.rate_daily": "Overdue rate a day",
    "btn.rate_annual": "Annual rate (APR)",
    "reg.confirm": "Here's what I understood:\n{summary}\n\nSave it?",
    "reg.which_field": "What should I change?",
    "reg.saved": "Saved: {creditor} {amount} ✅\n{next}",
    "reg.next_reminder": "First reminder: {when}.",
    "reg.no_reminder_planned": "There are no reminders to send for this debt right now.",
    # --- list, card, edit, delete ---
    "list.empty": "You haven't added any debts yet. Just tell me, e.g. \"credit card 5,200 due on the 15th\".",
    "list.header": "Your debts ({count}, total {total}):\n{lines}\n\nTap a button to manage one.",
    "list.line": "{creditor} {amount} — {due}{status}{repeat}{muted}",
    "list.line_no_due": "{creditor} {amount} — no due date",
    "list.due_in": ", due in {days} {days:day|days}",
    "list.due_today": ", due today",
    "list.overdue": ", {days} {days:day|days} late",
    "list.repeat": ", {repeat}",
    "list.muted": " (reminders off)",
    "debt.card": "{line}\nOriginal amount {original}, paid {paid}, {repeat}.\nReminders: {lead}.",
    "debt.card_settled": "{line}: paid off 🎉 Original amount {original}, paid {paid} in total.",
    "debt.unmuted": "🔔 Reminders for \"{creditor}\" are back on.",
    "edit.which_field": "What should I change for \"{creditor}\"?",
    "edit.ask_creditor": "Send the new creditor name.",
    "edit.ask_amount": "How much is still owed on \"{creditor}\"? E.g. \"2500\".",
    "edit.ask_due": "Send the new due date for \"{creditor}\", e.g. \"Dec 15\" or \"the 15th every month\".",
    "edit.saved": "Changed ✅ {line}",
    "del.confirm_debt": "Delete \"{creditor}\" ({amount} owed) with its payments and reminders?",
    "del.debt_done": "Deleted \"{creditor}\". If that was a mistake, tap Undo.",
    "hist.empty": "No payments recorded for \"{creditor}\" yet.",
    "hist.header": "Payments for \"{creditor}\":\n{lines}",
    "hist.line": "{when} paid {amount}, {left} left ({on_time})",
    "hist.on_time": "on time",
    "hist.late": "after the due date",
    # --- payments ---
    "pay.no_debts": "You haven't added a debt yet. Tell me what you owe first, e.g. \"credit card 5,200 due on "
                    "the 15th\".",
    "pay.which": "Which debt was this payment for?",
    "pay.ask_amount": "How much did you pay on \"{creditor}\"? ({balance} owed) Just send the number.",
    "pay.ask_amount_again": "I couldn't find an amount — please send a number like \"1000\".",
    "pay.more_than_balance": "Only {balance} is left on \"{creditor}\", but you said {amount}. Record it as paid "
                             "in full?",
    "pay.partial": "Recorded: {amount} paid on \"{creditor}\" 💪 {balance} left.",
    "pay.settled": "🎉 \"{creditor}\" is paid off (last payment {amount})!\nKeep a screenshot of the receipt; "
                   "send /list to see what's left.",
    "pay.cycle_paid": (
        "🎉 This cycle of \"{creditor}\" is paid ({amount})! The next one is due {due}.\n"
        "How much is the next bill? Send the amount, or keep last cycle's {last}."
    ),
    "bill.kept": "OK — the next \"{creditor}\" bill is {amount}, due {due}. I'll remind you.",
    "bill.set": "Updated: next \"{creditor}\" bill {amount}, due {due}.",
    # --- reminders ---
    "rem.pre_due": "⏰ Payment reminder: \"{creditor}\" {amount} is due {due}, in {days} {days:day|days}.",
    "rem.due_today": "⏰ Due today: \"{creditor}\" {amount}. Treat the end of today as the deadline: whether any grace period applies is not confirmed, so paying today is safest.",
    "rem.overdue": "\"{creditor}\" {amount} is {days} {days:day|days} late (unpaid since the due date {due}).",
    "rem.penalty_estimate": "\nA rough estimate at the overdue rate you gave ({rate} a day): about {penalty} in late charges so far. "
                            "How late charges are worked out depends on your contract; your statement decides.",
    "rem.overdue_hint": "\nPay what you can — every day sooner costs less. If it's hard, you can ask the lender "
                        "for an arrangement (a request they may refuse).",
    "rem.late": "\n(Late reminder: it was due {when}, while the bot was offline.)",
    "rem.custom": "⏰ Reminder: {task}",
    "rem.custom_untitled": "your reminder",
    "rem.several": "You have {count} {count:reminder|reminders}:",
    "rem.folded": "{count} {count:reminder|reminders} couldn't be sent on time; here {count:it is|they are} together:",
    "rem.how_to": "Tell me when and what, e.g. \"/remind tomorrow 10am call the bank\" or \"remind me in 2 hours "
                  "to drink water\".",
    "rem.ask_when": "When should I remind you about \"{task}\"? E.g. \"tomorrow at 10am\", \"in 2 hours\", "
                    "\"every Monday 9am\".",
    "rem.ask_when_again": "I couldn't find a time — try \"tomorrow 10am\", \"in 30 minutes\" or \"Dec 10 9:00\".",
    "rem.in_past": "{when} has already passed — pick a time in the future.",
    "rem.set": "OK, I'll remind you {when}: {task} ✅{extra}",
    "rem.set_repeat": "OK, I'll remind you {repeat}: {task}, first on {when} ✅{extra}",
    "rem.alternative": "\n(If you meant {when}, tap the button below.)",
    "rem.snoozed": "⏰ OK, I'll remind you about \"{creditor}\" again {when}.",
    "rem.snoozed_custom": "⏰ OK, I'll remind you again {when}: {task}",
    "rem.stopped": "🔕 Reminders for \"{creditor}\" are off. Turn them back on from /list.",
    "rem.done": "✅ Done: {task}",
    "rem.cancelled": "Reminder cancelled: {task}",
    "rem.moved": "Moved to {when}: {task}",
    "rem.none": "You have no upcoming reminders of your own.",
    "rem.list": "Upcoming reminders:\n{lines}",
    # --- undo ---
    "undo.nothing": "There's nothing from the last day to undo.",
    "undo.add_debt": "↩️ Undone: removed \"{creditor}\", which you just added.",
    "undo.payment": "↩️ Payment undone: \"{creditor}\" is back to {balance} owed.",
    "undo.edit": "↩️ Change undone: \"{creditor}\", {balance} owed.",
    "undo.delete": "↩️ Restored \"{creditor}\" ({balance} owed).",
    # --- settings ---
    "set.summary": (
        "Your settings:\n• Language: {language}\n• Time zone: {zone} (it's {local} there now)\n• Daily reminder time: "
        "{hour}\n• Quiet hours: {quiet}\n• Reminders ahead: {lead}\n• Tips: {tips}\n• Weekly digest: {digest}"
    ),
    "set.lang_name.zh": "中文",
    "set.lang_name.en": "English",
    "set.ask_lang": "Choose a language:",
    "set.lang_saved": "OK, I'll talk to you in English from now on.",
    "set.ask_tz": "Which city or time zone are you in? E.g. \"London\", \"New York\", \"Asia/Shanghai\", \"UTC+8\".",
    "set.ask_tz_again": "Which city are you in then? You can also send a zone name like \"America/New_York\".",
    "set.tz_unknown": "I don't know that time zone — send a city (London, New York, Shanghai) or a name like "
                      "\"Europe/London\".",
    "set.tz_confirm": "Time zone {zone}: is it {date} {time} where you are?",
    "set.tz_saved": "Time zone set to {zone} (it's {time} now). Reminders stay at the same local time.",
    "set.ask_hour": "What time of day should I remind you? E.g. \"9:00\", \"10am\", \"20:30\".",
    "set.hour_unknown": "I couldn't read that time — send something like \"9:00\" or \"8pm\".",
    "set.hour_in_quiet": "That time is inside your quiet hours ({quiet}). Pick another, or change quiet hours first.",
    "set.hour_saved": "OK, I'll remind you at {hour}.",
    "set.ask_quiet": "Quiet hours? E.g. \"22:00-08:00\", or \"off\". I won't start a conversation then (reminders "
                     "you timed yourself still arrive).",
    "set.quiet_unknown": "Use a form like \"22:00-08:00\", or send \"off\".",
    "set.quiet_off": "off",
    "set.quiet_saved": "Quiet hours: {quiet}.",
    "set.ask_lead": "How many days before the due date should I remind you? Comma-separated, e.g. \"3,1,0\" "
                    "(0 = the day itself).",
    "set.lead_unknown": "Send a few numbers from 0 to 30, like \"3,1,0\".",
    "set.lead_day": "{n} {n:day|days} before",
    "set.lead_due_day": "on the day",
    "set.lead_saved": "OK: {lead}.",
    "set.ask_tips": "How often would you like a credit-recovery tip?",
    "set.tips.weekly": "Weekly",
    "set.tips.daily": "Daily",
    "set.tips.off": "Off",
    "set.tips_saved": "Tips: {tips}.",
    # --- your data ---
    "data.export_ready": "Here is all your data: {debts} {debts:debt|debts} and {payments} {payments:payment|payments} (complete JSON and a CSV "
                         "table).",
    "data.delete_confirm": "Delete all your data? Every debt, payment, reminder and setting will be removed for "
                           "good; this cannot be undone.",
    "data.deleted": "All your data has been deleted. Thank you for using RepayBot — send /start to begin again.",
    # --- errors ---
    "err.internal": "Sorry, something went wrong on my side and that didn't take effect. Please try again in a "
                    "moment.",
    "err.empty": "That message was empty. Tell me about a debt or a payment, or send /help.",
    "err.too_long": "That message is too long (over {limit} characters). Please send it in parts or shorter.",
    "err.unknown_command": "There's no /{command} command — send /help to see what I can do.",
    "err.not_understood": (
        "I didn't quite get that 🤔 You can say:\n• credit card 5,200 due on the 15th every month\n"
        "• paid 500 on the card\n• remind me tomorrow at 10am to call the bank"
    ),
    "err.stale_button": "That button no longer works. Send /list for the latest.",
    "err.not_found": "I couldn't find that — it may have been deleted.",
    "err.debt_not_found": "I couldn't find that debt — it may have been deleted or paid off. Send /list.",
    "err.reminder_not_found": "I couldn't find that reminder — it may have been sent or cancelled.",
    "err.nothing_pending": "There's nothing waiting for confirmation.",
    "err.amount_zero": "The amount can't be zero — send a number above 0.",
    "err.amount_negative": "The amount can't be negative — send the actual amount, e.g. \"3000\".",
    "err.amount_absurd": "That amount doesn't look right (too large or too many decimals) — please check it.",
    "err.date_impossible": "That date doesn't exist (like February 30) — please check it.",
    "err.date_too_old": "That date is too long ago. If the debt has been overdue for a long time, send the most "
                        "recent date it was due.",
    "err.date_too_far": "That date is too far ahead — please send one within 10 years.",
    "err.too_many_debts": "You can track up to {limit} debts. Delete ones you no longer need first.",
    "err.too_many_reminders": "You already have {limit} upcoming reminders — cancel some first (/reminders).",
    # --- console ---
    "console.banner": "RepayBot · console chat (no TELEGRAM_BOT_TOKEN set). Type a message and press Enter; type a number to press that button; Ctrl-D quits.",
    "console.reply_prefix": "bot> ",
    "console.pushed_prefix": "bot 🔔> ",
    "console.file_saved": "File saved: {path}",
    "console.worker_started": "Reminder dispatcher started (no inbound).",
    # --- recovery companion (issue 5) ---
    # /recovery: the four-step checklist
    "recovery.title": "🌱 Your credit recovery plan (four steps)",
    "recovery.step.1": "Pay in full and keep proof",
    "recovery.step.2": "Rebuild your record",
    "recovery.step.3": "Get ready before using credit again",
    "recovery.step.4": "Use credit wisely afterwards",
    "recovery.step_line": "{mark} Step {step}: {name} ({done}/{total})",
    "recovery.mark.step_done": "✅",
    "recovery.mark.step_current": "👉",
    "recovery.mark.step_later": "⏳",
    "recovery.item_line": "    {mark} {text}",
    "recovery.mark.done": "☑️",
    "recovery.mark.auto": "✅",
    "recovery.mark.todo": "⬜",
    "recovery.item.s1.pay_in_full": "Overdue debts paid in full (principal, interest and penalties)",
    "recovery.item.s1.keep_receipts": "Keep a screenshot or receipt of every repayment",
    "recovery.item.s1.settlement_proof": "Ask for a settlement certificate where the lender issues one; otherwise keep receipts or a statement from the lender",
    "recovery.item.s1.check_report_settled": "After the lender's next monthly report, check your free credit report shows the account as settled",
    "recovery.item.s2.on_time_streak": "Pay every bill on time from now on",
    "recovery.item.s2.lower_debt_ratio": "Bring your total debt down (a quarter below its peak)",
    "recovery.item.s2.dispute_errors_free": "Check your report and dispute genuine errors for free (tick it if there are none)",
    "recovery.item.s2.personal_statement": "If useful, add a personal statement to the negative record",
    "recovery.item.s3.free_report": "Pull your free credit report before applying",
    "recovery.item.s3.income_proof": "Have income proof ready (some lenders ask for it)",
    "recovery.item.s3.wait_reevaluation": "Know that, as commonly said, Huabei has no restore application (access is said to return when the platform re-evaluates you; unconfirmed); a new application elsewhere may be declined",
    "recovery.item.s4.auto_repay": "Turn on auto-repay and keep the linked account funded",
    "recovery.item.s4.reminders_on": "Turn on repayment reminders",
    "recovery.item.s4.spend_within_means": "Spend within your means: repayments and essentials first, then the rest",
    "recovery.short.s1.pay_in_full": "Pay overdue debts in full",
    "recovery.short.s1.keep_receipts": "Keep repayment receipts",
    "recovery.short.s1.settlement_proof": "Settlement proof or receipts",
    "recovery.short.s1.check_report_settled": "Check report shows settled",
    "recovery.short.s2.on_time_streak": "On-time streak",
    "recovery.short.s2.lower_debt_ratio": "Lower total debt",
    "recovery.short.s2.dispute_errors_free": "Check report, dispute free",
    "recovery.short.s2.personal_statement": "Add a personal statement",
    "recovery.short.s3.free_report": "Free report before applying",
    "recovery.short.s3.income_proof": "Income proof ready",
    "recovery.short.s3.wait_reevaluation": "Access returns by re-evaluation",
    "recovery.short.s4.auto_repay": "Turn on auto-repay",
    "recovery.short.s4.reminders_on": "Turn on reminders",
    "recovery.short.s4.spend_within_means": "Spend within means",
    "recovery.streak_progress": " ({streak}/{needed} in a row)",
    "recovery.optional": " (optional)",
    "recovery.overdue_first": "{count} {count:debt is|debts are} still overdue: bring {count:it|them} back to current and this step is done.",
    "recovery.footer": "Tick an item when you have done it; what I know (debts settled, on-time payments, reminders) is ticked for you.",
    "recovery.completed": "🎉 All four steps done. Keep paying on time and your credit keeps getting better.",
    "recovery.reached.1": "🌱 You have started step 1: pay in full and keep proof. These should help:",
    "recovery.reached.2": "👏 Step 1 done! On to step 2: rebuild your record.",
    "recovery.reached.3": "👏 Step 2 done! On to step 3: get ready before using credit again.",
    "recovery.reached.4": "👏 Step 3 done! On to step 4: use credit wisely afterwards.",
    "recovery.reached.5": "🎉 All four steps done, and that took real effort. From here, just keep paying on time.",
    "recovery.button.tick": "☑️ {item}",
    "recovery.button.untick": "↩️ Undo: {item}",
    "recovery.ticked": "Ticked: {item}",
    "recovery.unticked": "Unticked: {item}",
    "recovery.err.unknown_item": "I could not find that item; please pick one from the /recovery buttons.",
    # tips
    "tip.body": "💡 {text}",
    "tip.sources": "Source: {sources}",
    "tip.source_item": "{source} ({grade})",
    "tip.source_separator": "; ",
    "tip.grade.A": "grade A: law or official",
    "tip.grade.B": "grade B: major news outlet",
    "tip.grade.C": "grade C: commonly cited",
    "tip.caveat_c": "⚠️ Commonly cited; your contract or app page decides.",
    "tip.none": "No new tip right now; check back in a few days.",
    # /plan: payoff planner
    "plan.header": "📊 Payoff plans for a monthly budget of {budget} (estimates)",
    "plan.strategy.avalanche": "[Avalanche] highest rate first: least interest",
    "plan.strategy.snowball": "[Snowball] smallest balance first: quick wins",
    "plan.strategy_name.avalanche": "the avalanche",
    "plan.strategy_name.snowball": "the snowball",
    "plan.order_line": "  Order: {order}",
    "plan.order_item": "{position}. {name} (cleared in month {month})",
    "plan.name_separator": ", ",
    "plan.result_line": "  Debt-free in about {months} {months:month|months} (around {day}), interest about {interest}",
    "plan.compare_avalanche_cheaper": "The avalanche saves about {amount} in interest; the snowball clears a first debt sooner, which keeps many people going. Pick the one you will stick with.",
    "plan.compare_snowball_cheaper": "This time the snowball even saves about {amount} in interest, and clears a first debt sooner.",
    "plan.compare_same": "Both come out about the same: pick the one you find easier to stick with.",
    "plan.estimate_note": "ℹ️ Estimates: interest is charged monthly as balance × annual rate ÷ 12, and overdue debts come first; your statements decide.",
    "plan.unknown_rates": "The rate of {names} is unknown and counted as 0, so real interest will be higher.",
    "plan.assumed_minimums": "No minimum payment given for {names}: ASSUMED to be 10% of the balance (at least ¥50), a commonly cited figure, not your lender's; tell me the real minimum for a truer plan.",
    "plan.below_minimums": "{budget} a month is below the sum of minimum payments, {minimums} (short by {shortfall}), so no plan can work on this budget.",
    "plan.interest_exceeds_budget": "{budget} a month does not cover the interest that accrues each month, so the debt would never shrink; no plan can work on this budget.",
    "plan.too_long": "At {budget} a month it would take more than {years} years, which is not a realistic plan.",
    "plan.negotiate_advice": "Suggestion: contact the lender before the due date, explain your situation and ask for instalments or more time. It is a request the lender may refuse, so keep a record of what was said. See too whether a little more can be set aside each month. Please do not take a new loan to pay an old one.",
    "plan.clear_by": "To be debt-free by {day}, pay about {payment} a month ({months} {months:payment|payments}, using {strategy}, rounded up to the yuan).",
    "plan.clear_by_too_soon": "{day} is too soon for a monthly plan. You could contact the lender first and ask for a repayment arrangement that works.",
    "plan.no_debts": "Nothing left to pay, so no plan is needed. 🎉",
    "plan.usage": "Usage: /plan monthly budget, e.g. /plan 2000; or /plan 2027-06-30 to see what a month it takes to be debt-free by then.",
    # /chart
    "chart.title": "Your balance over time",
    "chart.subtitle": "Balance now {amount}",
    "chart.axis_date": "Date",
    "chart.axis_balance": "Balance",
    "chart.legend_history": "Recorded",
    "chart.legend_projection": "Projected (payoff plan)",
    "chart.payoff_label": "Debt-free by {month_name} {year}",
    "chart.no_data": "Nothing recorded to draw yet",
    "chart.caption": "📈 Your balance over time: solid is recorded, dashed is the projected payoff.",
    "chart.saved": "Chart saved: {path}",
    # /ics
    "ics.calendar_name": "Due dates (RepayBot)",
    "ics.summary": "Pay {creditor} {amount}",
    "ics.summary_no_amount": "Pay {creditor}",
    "ics.description": "A due date from RepayBot. Your bill decides the amount; paying before midnight on the due date is safest.",
    "ics.alarm": "Due tomorrow: {summary}",
    "ics.caption": "📅 Calendar file: import it into your phone's calendar to see every due date, repeats included.",
    "ics.empty": "There are no due dates to export yet.",
    # weekly digest
    "digest.title": "📋 Your week · {day}",
    "digest.total_owed": "Total owed: {amount}",
    "digest.nothing_owed": "Nothing owed right now. Well done!",
    "digest.due_header": "Due this week:",
    "digest.due_item": "  • {name} {amount}, {day}",
    "digest.due_item_no_amount": "  • {name}, {day} (amount to confirm)",
    "digest.due_none": "Nothing falls due this week.",
    "digest.overdue_header": "Overdue:",
    "digest.overdue_item": "  • {name} {amount}, unpaid since {since}, {days} {days:day|days} late",
    "digest.overdue_advice": "Bringing overdue debts back to current saves penalty interest; if it is hard, you can ask the lender for an arrangement (they may say no).",
    "digest.streak": "{count} on-time {count:payment|payments} in a row 👍",
    "digest.streak_zero": "Pay the next bill on time and a fresh good record starts to build.",
    "digest.next_step": "Recovery plan: step {step}, {name}",
    "digest.next_item": "  Next: {text}",
    "digest.completed": "All four recovery steps are done 🎉",
    "digest.footer": "Send /recovery for the full checklist, /plan for payoff plans.",
    # --- end recovery companion (issue 5) ---
    # --- recovery companion in the conversation ---
    "btn.tip": "💡 A tip",
    "btn.more_tip": "💡 Another tip",
    "btn.recovery": "🌱 Recovery plan",
    "btn.set_digest_on": "Turn weekly digest on",
    "btn.set_digest_off": "Turn weekly digest off",
    "set.digest.on": "on",
    "set.digest.off": "off",
    "set.digest_saved": "Weekly digest: {digest}.",
    "recovery.body": "{body}",
    "recovery.progress": "{body}",
    "plan.body": "{body}",
    "chart.usage": "Usage: /chart, or /chart 2000 (projects paying 2000 a month).",
    'btn.debt_lead': '⏰ Reminder days',
    'edit.ask_lead': 'How many days before "{creditor}" is due should I remind you? E.g. "5,1,0" (0 = the day itself); send "default" to follow your general setting.',
    'bill.ask': 'A new "{creditor}" bill is due {due}. How much is it? Send the amount, or tap the button to keep last cycle\'s {amount}.',
    'reg.line_annual_rate': '• Annual rate (APR): {rate}',

    # --- overdue that keeps counting, and the record's end date (issue 16) ---
    "list.current_awaiting": "; this cycle's bill is due {due}, amount to confirm",
    "list.current_past_due": " (of which {carried} is unpaid from before, and this cycle's {amount}, due {due}, is unpaid too)",
    "list.current_due_in": "; this cycle's {amount} is separately due {due}, in {days} {days:day|days}",
    "list.current_due_today": "; this cycle's {amount} is separately due today",
    "rem.current_awaiting": "\nThis cycle's bill (due {due}) is not confirmed yet; the unpaid amount from before is kept apart from it.",
    "rem.current_due_in": "\nSeparately, this cycle's {amount} is due {due}, in {days} {days:day|days}; it is not mixed with the late {carried}.",
    "rem.current_due_today": "\nSeparately, this cycle's {amount} is due today; it is not mixed with the late {carried}.",
    "rem.current_past_due": "\nOf this, {carried} is unpaid from earlier bills and this cycle's {amount} (due {due}) is unpaid too.",
    "rem.record_check": (
        "📅 Today ({day}) is the day the late record of \"{creditor}\" should leave your credit report: 5 years "
        "after it was settled (Credit Reporting Regulation art. 16, read by the Credit Reference Center as from "
        "settlement). Check your report for free at ipcrs.pbccrc.org.cn (two free reports a year); if it is still "
        "there, you can dispute it for free."
    ),
    "btn.no_new_bill": "No new bill this cycle",
    "bill.none": "OK, no new \"{creditor}\" bill this cycle. The {amount} that is late is still owed; pay what you can.",
    "bill.carried_note": "\n(The {amount} unpaid since {since} is late and kept as its own part, not added to this bill.)",
    "pay.record_clears": (
        "📅 The late payment on \"{creditor}\" is now paid up. Under the Credit Reporting Regulation art. 16 (read "
        "by the Credit Reference Center as 5 years from settlement), its late record should leave your credit "
        "report on {day}. I'll remind you that day to check your report for free (two free reports a year)."
    ),
    "recovery.oldest_overdue": "Oldest late payment: \"{creditor}\", unpaid since {since}, {days} {days:day|days} late.",
    "recovery.record_clears": "The late record of \"{creditor}\" should leave your credit report on {day} (5 years after settlement).",
    "digest.record_clears": "The late record of \"{name}\" should leave your credit report on {day} (5 years after settlement).",
    "plan.minimum_none": "{names}: a one-off loan has no \"minimum payment\", so none is assumed in the plan.",
    "onb.operator": "{operator}, contact: {contact} (PIPL art. 17)",
    "onb.operator_no_contact": "the operator has not given a contact",
    "onb.operator_unset": "whoever runs this bot has not filled in their name and contact yet; ask the person who gave you this bot before you use it.",
    "onb.ask_tz": "Which time zone are you in? I'm using {zone} (it's {time} there now), and reminders go out by that clock. If you're somewhere else, tap below and tell me your city or time zone.",
    "plan.overdue_line": "⚠️ Late: {name}, unpaid since {since}, {days} {days:day|days} late; it comes first.",
    # --- wechat (channel) ---
    "wx.option": "Reply {n} to {label}",
    "wx.ask_notify": (
        "📬 WeChat lets me message you only within 48 hours of your last message to me. So that a due-date "
        "reminder still reaches you, tap “Allow” on this account's subscription notice: each time you allow it, I "
        "can remind you once more. Or just send me a message before the due date."
    ),
    "wx.ask_notify_link": (
        "📬 WeChat lets me message you only within 48 hours of your last message to me. So that a due-date "
        "reminder still reaches you, open this page and tap “Allow”: {url}\nEach time you allow it, I can remind "
        "you once more. Or just send me a message before the due date."
    ),
    "wx.notify_granted": "Done ✅ My next reminder will come as a subscription notice (one per time you allow it).",
    "wx.notify_hint": "Reply to see details",
    "wx.unsupported": "I can only read text for now. Tell me in words, e.g. “Huabei 3000 due on Dec 10”.",
    "wx.attachment_unavailable": "(The file “{filename}” can't be sent on WeChat yet; get it in the console or on Telegram.)",
    # --- flood limiting ---
    "flood.slow_down": "That's a lot of messages at once, so I skipped the last few 😅 Give me a few seconds, then send again.",
    # --- questions, distress, small talk (bot/engine/questions.py) ---
    "qa.suggest": "I'm not sure which question you mean. Is it one of these? Tap one to see the answer:",
    "qa.draft_kept": "(The debt you were adding is not saved yet: just answer the question above, or send \"cancel\".)",
    "qa.pressure_preface": "Let's take this one thing at a time.",
    "btn.look_together": "📋 Look at my debts together",
    "chat.hello": "Hi! I'm RepayBot. Tell me what you owe (\"credit card 5,200 due on the 15th every month\") or ask me something, like \"how long does a late payment stay on my credit report?\" or \"can I negotiate with the bank?\". /help shows everything I can do.",
    "chat.thanks": "You're welcome! One step at a time: you're already moving forward. Ask me anything, any time.",
    "chat.human": "I'm an automated repayment assistant, not your bank's or platform's customer service, and I can't put you through to a person. For a human, call the lender's official customer service: the number is in the app's help page or on the back of your card; never use a number from a text or a stranger.",
    "chat.balance": "You have {count} {count:debt|debts}, {totals} in total.",
    "chat.balance_overdue": "{overdue} of them {overdue:is|are} overdue: deal with {overdue:that one|those} first.",
    "chat.balance_none": "You haven't added any debts yet. Just tell me, e.g. \"credit card 5,200 due on the 15th every month\".",
    "chat.total_separator": " + ",
    # --- telegram (channel) ---
    "tg.cmd.start": "Get started",
    "tg.cmd.help": "What I can do",
    "tg.cmd.list": "My debts",
    "tg.cmd.paid": "Record a payment",
    "tg.cmd.remind": "Set a reminder",
    "tg.cmd.reminders": "Upcoming reminders",
    "tg.cmd.recovery": "The four-step recovery checklist",
    "tg.cmd.tip": "A sourced tip",
    "tg.cmd.plan": "Payoff plan: avalanche vs snowball",
    "tg.cmd.chart": "Chart of your balances",
    "tg.cmd.ics": "Calendar file of due dates",
    "tg.cmd.undo": "Undo the last change",
    "tg.cmd.settings": "Language, time zone, reminder time, quiet hours",
    "tg.cmd.export": "Export my data",
    "tg.cmd.delete": "Delete all my data",
}
