package main

import (
	"github.com/meetbot/meetbot/dingtalk/dingtalktest"
)

// The sandbox's demo organisation: who you can type as, who you can
// mention, and two live meetings, so that "which meeting" and "who may"
// can be tried.

// sandboxGroup is the group chat you type in; the bot is a member.
const sandboxGroup = "Ops 周会群"

// sandboxGroupID is the group's conversationId. It is fixed so that the
// sandbox can find the group's card (openSpaceId IM_GROUP.<id>) and send
// clicks from it.
const sandboxGroupID = "cidSandboxOpsGroup"

// sandboxMe is the userId you type as at start: the host of the weekly sync.
const sandboxMe = "weilin"

// demoPeople is the directory, in the order :people lists it.
var demoPeople = []person{
	{ID: "weilin", Name: "林伟", Aliases: []string{"Wei Lin", "Wei"}},
	{ID: "alice", Name: "Alice"},
	{ID: "bob", Name: "Bob"},
	{ID: "carol", Name: "Carol"},
	{ID: "dave", Name: "Dave"},
	{ID: "erin", Name: "Erin"},
	{ID: "frank", Name: "Frank"},
	{ID: "zhangsan", Name: "张三", Aliases: []string{"Zhang San"}},
	{ID: "lisi", Name: "李四", Aliases: []string{"Li Si"}},
	{ID: "wangwu", Name: "王五", Aliases: []string{"Wang Wu"}},
	{ID: "zhaoliu", Name: "赵六", Aliases: []string{"Zhao Liu"}},
	{ID: "heidi", Name: "Heidi"},
	{ID: "victor", Name: "Victor", External: true},
}

// demoMeetings are the live meetings at start. The first is yours; the
// second is Bob's, and you are only a member of it; Heidi and Victor are in
// neither.
var demoMeetings = []dingtalktest.MeetingSpec{
	{
		Title: "周会 Weekly sync", HostUserID: "weilin", RoomCode: "838722123",
		Members: []string{"alice", "bob", "carol", "dave", "erin", "zhangsan", "lisi", "wangwu"},
		CoHosts: []string{"wangwu"},
	},
	{
		Title: "Design review 设计评审", HostUserID: "bob", RoomCode: "615094270",
		Members: []string{"alice", "frank", "lisi", "zhaoliu", "weilin"},
		CoHosts: []string{"frank"},
	},
}

// seed fills the emulator's directory and meetings and returns the
// meetings' conferenceIds.
func seed(emu *dingtalktest.Server) []string {
	for _, p := range demoPeople {
		emu.AddUser(dingtalktest.User{UserID: p.ID, Name: p.Name, External: p.External})
	}
	ids := make([]string, len(demoMeetings))
	for i, m := range demoMeetings {
		ids[i] = emu.AddMeeting(m)
	}
	return ids
}
