package commands

// builtinLexicon is what Parse matches: the built-in commands' names and
// aliases.
var builtinLexicon = newRegistry(builtins()).lex

// builtins are meetbot's commands, in help order.
func builtins() []Definition {
	return []Definition{
		{
			Name: "spotlight", Aliases: []string{"聚焦", "全员看他"},
			Usage:       Text{"/spotlight @user", "/聚焦 @某人"},
			Description: Text{"Everyone in the meeting sees this person.", "让全员看到此人（全员聚焦）。"},
			Examples:    []Text{{"/spotlight @Alice", "/聚焦 @张三"}, {"/spotlight me", "/聚焦 我"}},
			Handler:     spotlightOn,
		},
		{
			Name: "spotlight off", Aliases: []string{"取消聚焦", "聚焦 关闭", "全员看他 关闭"},
			Usage:       Text{"/spotlight off [@user]", "/取消聚焦 [@某人]"},
			Description: Text{"Turn the spotlight off (on the person named, or the one spotlighted through me).", "取消全员聚焦（指定的人，或通过机器人聚焦的人）。"},
			Examples:    []Text{{"/spotlight off", "/取消聚焦"}, {"/spotlight off @Alice", "/取消聚焦 @张三"}},
			Handler:     spotlightOff,
		},
		{
			Name: "cohost add", Aliases: []string{"联席主持人 添加", "设为联席主持人"},
			Usage:       Text{"/cohost add @user [@user …]", "/联席主持人 添加 @某人 [@某人 …]"},
			Description: Text{"Make people co-hosts.", "设为联席主持人。"},
			Examples:    []Text{{"/cohost add @Bob @Carol", "/设为联席主持人 @李四"}},
			Handler:     cohostAdd,
		},
		{
			Name: "cohost remove", Aliases: []string{"联席主持人 移除", "取消联席主持人"},
			Usage:       Text{"/cohost remove @user [@user …]", "/联席主持人 移除 @某人 [@某人 …]"},
			Description: Text{"Take the co-host role away.", "取消联席主持人。"},
			Examples:    []Text{{"/cohost remove @Bob", "/取消联席主持人 @李四"}},
			Handler:     cohostRemove,
		},
		{
			Name: "mute all", Aliases: []string{"全员静音"},
			Usage:       Text{"/mute all", "/全员静音"},
			Description: Text{"Mute everyone in the meeting.", "会议全员静音。"},
			Examples:    []Text{{"/mute all", "/全员静音"}},
			Handler:     muteAllCmd,
		},
		{
			Name: "unmute all", Aliases: []string{"解除全员静音"},
			Usage:       Text{"/unmute all", "/解除全员静音"},
			Description: Text{"Lift the mute on everyone.", "解除全员静音。"},
			Examples:    []Text{{"/unmute all", "/解除全员静音"}},
			Handler:     unmuteAllCmd,
		},
		{
			Name: "meeting start", Aliases: []string{"会议 开始"},
			Usage:       Text{"/meeting start [title]", "/会议 开始 [标题]"},
			Description: Text{"Start a meeting you host and bind it to this chat.", "发起由你主持的会议，并绑定到本群。"},
			Examples:    []Text{{"/meeting start Weekly sync", "/会议 开始 周会"}},
			Handler:     meetingStart,
		},
		{
			Name: "meeting use", Aliases: []string{"会议 绑定"},
			Usage:       Text{"/meeting use <room code>", "/会议 绑定 <会议号>"},
			Description: Text{"Control an existing meeting from this chat.", "将已有会议绑定到本群。"},
			Examples:    []Text{{"/meeting use 838 722 123", "/会议 绑定 838 722 123"}},
			Handler:     meetingUse,
		},
		{
			Name: "meeting status", Aliases: []string{"meeting", "会议", "会议 状态"},
			Usage:       Text{"/meeting", "/会议"},
			Description: Text{"Show the bound meeting: host, co-hosts, spotlight.", "查看本群绑定的会议：主持人、联席主持人、聚焦。"},
			Examples:    []Text{{"/meeting", "/会议"}},
			Handler:     meetingStatus,
		},
		{
			Name: "meeting panel", Aliases: []string{"会议 面板"},
			Usage:       Text{"/meeting panel", "/会议 面板"},
			Description: Text{"Post the meeting's control card: buttons for spotlight, co-hosts, mute and end.", "发送会议控制卡片：聚焦、联席主持人、静音、结束会议的按钮。"},
			Examples:    []Text{{"/meeting panel", "/会议 面板"}},
			Handler:     meetingPanel,
		},
		{
			Name: "meeting end", Aliases: []string{"会议 结束"},
			Usage:       Text{"/meeting end", "/会议 结束"},
			Description: Text{"End the meeting (host only).", "结束会议（仅主持人）。"},
			Examples:    []Text{{"/meeting end", "/会议 结束"}},
			Handler:     meetingEnd,
		},
		{
			Name: "meeting log", Aliases: []string{"会议 记录", "会议 日志"},
			Usage:       Text{"/meeting log", "/会议 记录"},
			Description: Text{"Show the last 10 actions on the meeting: who did what, when.", "查看会议最近 10 条操作：谁在何时做了什么。"},
			Examples:    []Text{{"/meeting log", "/会议 记录"}},
			Handler:     meetingLog,
		},
		{
			Name: "undo", Aliases: []string{"撤销"},
			Usage:       Text{"/undo", "/撤销"},
			Description: Text{"Take back your own last action on the meeting (within 10 minutes).", "撤销你自己在会议中的上一步操作（10 分钟内）。"},
			Examples:    []Text{{"/undo", "/撤销"}},
			Handler:     undo,
		},
		{
			Name: "help", Aliases: []string{"帮助"},
			Usage:       Text{"/help [command]", "/帮助 [命令]"},
			Description: Text{"List the commands, or explain one.", "列出全部命令，或查看某个命令的说明。"},
			Examples:    []Text{{"/help cohost", "/帮助 聚焦"}},
			Handler:     help,
		},
	}
}
