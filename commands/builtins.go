package commands

// builtinLexicon is what Parse matches: the built-in commands' names and
// aliases.
var builtinLexicon = newRegistry(builtins()).lex

// builtins are meetbot's commands, in help order.
//
// The first Chinese alias is how the command is shown and quoted in
// Chinese (Definition.phrase): DingTalk's own words, verb-object
// (glossary-zh.md). Older forms stay as aliases so nobody's habit breaks.
// A Chinese Usage has no placeholders or optional parts: those are said
// in the Description. An English Usage marks them [so].
func builtins() []Definition {
	return []Definition{
		{
			Name: "spotlight", Aliases: []string{"全员看他", "全员看TA", "聚焦", "焦点视频"},
			Usage:       Text{"/spotlight @user", "/全员看他 @某人"},
			Description: Text{"Everyone in the meeting sees this person.", "全员看他：所有参会人都看到此人的画面。"},
			Examples:    []Text{{"/spotlight @Alice", "/全员看他 @张三"}, {"/spotlight me", "/全员看他 我"}},
			Handler:     spotlightOn,
		},
		{
			Name: "spotlight off", Aliases: []string{"取消全员看他", "取消聚焦", "聚焦 关闭", "全员看他 关闭"},
			Usage:       Text{"/spotlight off [@user]", "/取消全员看他"},
			Description: Text{"Turn the spotlight off (on the person named, or the one spotlighted through me).", "取消全员看他：可加 @某人 指定，不加则取消通过机器人设置的那位。"},
			Examples:    []Text{{"/spotlight off", "/取消全员看他"}, {"/spotlight off @Alice", "/取消全员看他 @张三"}},
			Handler:     spotlightOff,
		},
		{
			Name: "cohost add", Aliases: []string{"设为联席主持人", "添加联席主持人", "联席主持人 添加"},
			Usage:       Text{"/cohost add @user [@user …]", "/设为联席主持人 @某人"},
			Description: Text{"Make people co-hosts.", "设为联席主持人，可一次指定多人。"},
			Examples:    []Text{{"/cohost add @Bob @Carol", "/设为联席主持人 @李四 @王五"}},
			Handler:     cohostAdd,
		},
		{
			Name: "cohost remove", Aliases: []string{"取消联席主持人", "取消联席主持人身份", "移除联席主持人", "联席主持人 移除"},
			Usage:       Text{"/cohost remove @user [@user …]", "/取消联席主持人 @某人"},
			Description: Text{"Take the co-host role away.", "取消联席主持人身份，可一次指定多人。"},
			Examples:    []Text{{"/cohost remove @Bob", "/取消联席主持人 @李四"}},
			Handler:     cohostRemove,
		},
		{
			Name: "mute all", Aliases: []string{"全员静音", "全体静音"},
			Usage:       Text{"/mute all", "/全员静音"},
			Description: Text{"Mute everyone in the meeting.", "全员静音。"},
			Examples:    []Text{{"/mute all", "/全员静音"}},
			Handler:     muteAllCmd,
		},
		{
			Name: "unmute all", Aliases: []string{"解除全员静音", "取消全员静音"},
			Usage:       Text{"/unmute all", "/解除全员静音"},
			Description: Text{"Lift the mute on everyone.", "解除全员静音。"},
			Examples:    []Text{{"/unmute all", "/解除全员静音"}},
			Handler:     unmuteAllCmd,
		},
		{
			Name: "mute", Aliases: []string{"静音"},
			Usage:       Text{"/mute @user [@user …]", "/静音 @某人"},
			Description: Text{"Mute people (one DingTalk call each).", "将指定的人静音，可一次指定多人。"},
			Examples:    []Text{{"/mute @Bob @Carol", "/静音 @李四 @王五"}},
			Handler:     muteSome,
		},
		{
			Name: "unmute", Aliases: []string{"解除静音", "取消静音"},
			Usage:       Text{"/unmute @user [@user …]", "/解除静音 @某人"},
			Description: Text{"Unmute people.", "解除指定的人的静音，可一次指定多人。"},
			Examples:    []Text{{"/unmute @Bob", "/解除静音 @李四"}},
			Handler:     unmuteSome,
		},
		{
			Name: "mute all except", Aliases: []string{"全员静音 除了", "全员静音 除外"},
			Usage:       Text{"/mute all except @user [@user …]", "/全员静音 除了 @某人"},
			Description: Text{"Mute everyone but the people named.", "全员静音，指定的人除外。"},
			Examples:    []Text{{"/mute all except @Alice", "/全员静音 除了 @张三"}},
			Handler:     muteAllExcept,
		},
		{
			Name: "mute open", Aliases: []string{"静音 开麦的人", "静音 开麦"},
			Usage:       Text{"/mute open", "/静音 开麦的人"},
			Description: Text{"Mute everyone whose microphone is on, but the host and co-hosts.", "将开着麦克风的人静音（主持人和联席主持人除外）。"},
			Examples:    []Text{{"/mute open", "/静音 开麦的人"}},
			Handler:     muteOpen,
		},
		{
			Name: "remove", Aliases: []string{"移出会议", "移出"},
			Usage:       Text{"/remove @user [@user …] [ban]", "/移出会议 @某人"},
			Description: Text{"Remove people from the meeting, after you confirm; with ban they can't rejoin.", "将人移出会议（需确认）；后面加“禁止再入”则对方不能再次入会。"},
			Examples:    []Text{{"/remove @Bob", "/移出会议 @李四"}, {"/remove @Bob ban", "/移出会议 @李四 禁止再入"}},
			Handler:     removeCmd,
		},
		{
			Name: "confirm", Aliases: []string{"确认"},
			Usage:       Text{"/confirm", "/确认"},
			Description: Text{"Carry out the removal you asked for in the last 60 seconds.", "确认执行你 60 秒内发起的移出会议。"},
			Examples:    []Text{{"/confirm", "/确认"}},
			Handler:     confirmCmd,
		},
		{
			Name: "invite", Aliases: []string{"邀请入会", "邀请"},
			Usage:       Text{"/invite @user [@user …]", "/邀请入会 @某人"},
			Description: Text{"Ring people into the meeting, on your behalf.", "以你的名义呼叫对方入会，可一次指定多人。"},
			Examples:    []Text{{"/invite @Dave", "/邀请入会 @王五"}},
			Handler:     inviteCmd,
		},
		{
			Name: "lock", Aliases: []string{"锁定会议", "锁定"},
			Usage:       Text{"/lock", "/锁定会议"},
			Description: Text{"Lock the meeting: nobody else can join.", "锁定会议，其他人无法再加入。"},
			Examples:    []Text{{"/lock", "/锁定会议"}},
			Handler:     lockCmd,
		},
		{
			Name: "unlock", Aliases: []string{"解锁会议", "解锁"},
			Usage:       Text{"/unlock", "/解锁会议"},
			Description: Text{"Unlock the meeting.", "解锁会议。"},
			Examples:    []Text{{"/unlock", "/解锁会议"}},
			Handler:     unlockCmd,
		},
		{
			Name: "classroom on", Aliases: []string{"开启课堂模式", "课堂模式 开", "课堂模式 开启"},
			Usage:       Text{"/classroom on", "/开启课堂模式"},
			Description: Text{"Mute everyone; nobody can unmute themselves or share their screen.", "全员静音，且参会人不能自行解除静音或共享屏幕。"},
			Examples:    []Text{{"/classroom on", "/开启课堂模式"}},
			Handler:     classroomOn,
		},
		{
			Name: "classroom off", Aliases: []string{"关闭课堂模式", "课堂模式 关", "课堂模式 关闭"},
			Usage:       Text{"/classroom off", "/关闭课堂模式"},
			Description: Text{"Restore the settings from before classroom mode.", "关闭课堂模式，恢复之前的设置。"},
			Examples:    []Text{{"/classroom off", "/关闭课堂模式"}},
			Handler:     classroomOff,
		},
		{
			Name: "record start", Aliases: []string{"开始录制", "录制 开始", "云录制 开始"},
			Usage:       Text{"/record start", "/开始录制"},
			Description: Text{"Start the cloud recording (DingTalk: the host only); its link is posted here once ready.", "开始云录制（钉钉仅允许主持人操作），会后录制链接将发到这里。"},
			Examples:    []Text{{"/record start", "/开始录制"}},
			Handler:     recordStart,
		},
		{
			Name: "record stop", Aliases: []string{"停止录制", "录制 停止", "云录制 停止"},
			Usage:       Text{"/record stop", "/停止录制"},
			Description: Text{"Stop the cloud recording.", "停止云录制。"},
			Examples:    []Text{{"/record stop", "/停止录制"}},
			Handler:     recordStop,
		},
		{
			Name: "notes start", Aliases: []string{"开启闪记", "闪记 开始"},
			Usage:       Text{"/notes start", "/开启闪记"},
			Description: Text{"Turn DingTalk's AI notes on; the summary and action items are posted here after the meeting.", "开启闪记，会后摘要和待办事项将发到这里。"},
			Examples:    []Text{{"/notes start", "/开启闪记"}},
			Handler:     notesStart,
		},
		{
			Name: "notes stop", Aliases: []string{"暂停闪记", "闪记 停止", "闪记 暂停"},
			Usage:       Text{"/notes stop", "/暂停闪记"},
			Description: Text{"Pause the AI notes.", "暂停闪记。"},
			Examples:    []Text{{"/notes stop", "/暂停闪记"}},
			Handler:     notesStop,
		},
		{
			Name: "who", Aliases: []string{"参会人", "参会人员"},
			Usage:       Text{"/who", "/参会人"},
			Description: Text{"Who is in the meeting: role, microphone, camera, when they joined; who left.", "查看参会人：身份、麦克风、摄像头、入会时间，以及已离开的人。"},
			Examples:    []Text{{"/who", "/参会人"}},
			Handler:     who,
		},
		{
			Name: "meeting start", Aliases: []string{"发起会议", "开会", "会议 开始"},
			Usage:       Text{"/meeting start [title]", "/发起会议"},
			Description: Text{"Start a meeting you host and control it from here.", "发起由你主持的会议，并在这里控制；可在后面加会议标题。"},
			Examples:    []Text{{"/meeting start Weekly sync", "/发起会议 周会"}},
			Handler:     meetingStart,
		},
		{
			Name: "meeting use", Aliases: []string{"绑定会议", "会议 绑定"},
			Usage:       Text{"/meeting use <Meeting ID>", "/绑定会议 会议号"},
			Description: Text{"Control an existing meeting from here.", "绑定已有会议，在这里控制。"},
			Examples:    []Text{{"/meeting use 838 722 123", "/绑定会议 838 722 123"}},
			Handler:     meetingUse,
		},
		{
			Name: "meeting status", Aliases: []string{"会议", "meeting", "会议 状态"},
			Usage:       Text{"/meeting", "/会议"},
			Description: Text{"Show the bound meeting: Meeting ID, host, co-hosts, spotlight.", "查看绑定的会议：会议号、主持人、联席主持人、全员看他。"},
			Examples:    []Text{{"/meeting", "/会议"}},
			Handler:     meetingStatus,
		},
		{
			Name: "meeting panel", Aliases: []string{"会控", "会议 面板"},
			Usage:       Text{"/meeting panel", "/会控"},
			Description: Text{"Post the meeting's control card: buttons for spotlight, co-hosts, mute and end.", "发送会控卡片：全员看他、联席主持人、静音、结束会议等按钮。"},
			Examples:    []Text{{"/meeting panel", "/会控"}},
			Handler:     meetingPanel,
		},
		{
			Name: "meeting policy", Aliases: []string{"会议 设置"},
			Usage:       Text{"/meeting policy [self-unmute|screen-share|internal-only on|off]", "/会议 设置"},
			Description: Text{"Show the meeting's settings as set through meetbot, or change one.", "查看通过机器人修改的会议设置；加“自行解除静音”“屏幕共享”或“仅内部成员”和“开”或“关”即可修改。"},
			Examples:    []Text{{"/meeting policy screen-share off", "/会议 设置 屏幕共享 关"}, {"/meeting policy", "/会议 设置"}},
			Handler:     meetingPolicy,
		},
		{
			Name: "meeting schedule", Aliases: []string{"预约会议", "会议 预约"},
			Usage:       Text{"/meeting schedule <when> [for <length>] <title> [cohosts @…] [mute-on-join] [waiting-room] [record] [notes] [lock]", "/预约会议 时间 标题"},
			Description: Text{"Book a meeting; when it starts, it is controlled from here.", "预约会议，开始后在这里控制。时间后可加时长；标题后可加“联席主持人 @某人”“入会静音”“等候室”“自动录制”“自动闪记”“锁定”。"},
			Examples:    []Text{{"/meeting schedule tomorrow 10:00 for 30m Weekly sync", "/预约会议 明天上午10点 30分钟 周会"}, {"/meeting schedule fri 3pm Retro cohosts @Bob record", "/预约会议 周五下午3点 复盘 联席主持人 @李四 自动录制"}},
			Handler:     meetingSchedule,
		},
		{
			Name: "meeting schedules", Aliases: []string{"预约列表", "会议 预约列表"},
			Usage:       Text{"/meeting schedules", "/预约列表"},
			Description: Text{"The meetings booked from here.", "查看在这里预约的会议。"},
			Examples:    []Text{{"/meeting schedules", "/预约列表"}},
			Handler:     meetingSchedules,
		},
		{
			Name: "meeting reschedule", Aliases: []string{"会议 改期"},
			Usage:       Text{"/meeting reschedule <Meeting ID> <when> [for <length>]", "/会议 改期 会议号 时间"},
			Description: Text{"Move a booking (its organiser or an admin).", "修改预约时间（预约人或管理员）。"},
			Examples:    []Text{{"/meeting reschedule 838 722 123 fri 3pm", "/会议 改期 838 722 123 周五下午3点"}},
			Handler:     meetingReschedule,
		},
		{
			Name: "meeting cancel", Aliases: []string{"取消预约", "会议 取消"},
			Usage:       Text{"/meeting cancel <Meeting ID>", "/取消预约 会议号"},
			Description: Text{"Cancel a booking (its organiser or an admin).", "取消预约（预约人或管理员）。"},
			Examples:    []Text{{"/meeting cancel 838 722 123", "/取消预约 838 722 123"}},
			Handler:     meetingCancel,
		},
		{
			Name: "meeting end", Aliases: []string{"结束会议", "会议 结束"},
			Usage:       Text{"/meeting end", "/结束会议"},
			Description: Text{"End the meeting for everyone (host only).", "为所有人结束会议（仅主持人）。"},
			Examples:    []Text{{"/meeting end", "/结束会议"}},
			Handler:     meetingEnd,
		},
		{
			Name: "meeting log", Aliases: []string{"操作记录", "会议 记录", "会议 日志"},
			Usage:       Text{"/meeting log", "/操作记录"},
			Description: Text{"Show the last 10 actions on the meeting: who did what, when.", "查看最近 10 条操作记录：谁在何时做了什么。"},
			Examples:    []Text{{"/meeting log", "/操作记录"}},
			Handler:     meetingLog,
		},
		{
			Name: "undo", Aliases: []string{"撤销", "撤回"},
			Usage:       Text{"/undo", "/撤销"},
			Description: Text{"Take back your own last action on the meeting (within 10 minutes).", "撤销你自己的上一步操作（10 分钟内）。"},
			Examples:    []Text{{"/undo", "/撤销"}},
			Handler:     undo,
		},
		{
			Name: "help", Aliases: []string{"帮助"},
			Usage:       Text{"/help [command]", "/帮助"},
			Description: Text{"List the commands, or explain one.", "列出常用命令；后面加命令可查看说明，加“全部”列出所有命令。"},
			Examples:    []Text{{"/help cohost", "/帮助 全员看他"}, {"/help all", "/帮助 全部"}},
			Handler:     help,
		},
	}
}
