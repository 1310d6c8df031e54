package sandbox

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

// orgSpec is a demo organisation of the two-organisation sandbox (a
// third-party app installed by both). Both have the same people with the
// same userIds and the same chats (conversation ids), as can happen on
// DingTalk, but their own unionIds and meetings: whatever meetbot mixes up
// between them shows.
type orgSpec struct {
	Letter   string // "A", "B": what :org takes besides the name and corpId
	CorpID   string
	Name     string // as the sandbox shows it
	Short    string // in the prompt
	UnionPfx string // unionId = UnionPfx + userId
	Meetings []dingtalktest.MeetingSpec
}

// demoOrgs are the organisations of the two-organisation sandbox: A is the
// single-organisation sandbox's demo organisation, B a second company
// where you host a stand-up.
var demoOrgs = []orgSpec{
	{Letter: "A", CorpID: "dingdemotech", Name: "Demo Tech 示例科技", Short: "Demo Tech", UnionPfx: "union-",
		Meetings: demoMeetings},
	{Letter: "B", CorpID: "dingacme", Name: "Acme 艾克美", Short: "Acme", UnionPfx: "unionB-",
		Meetings: []dingtalktest.MeetingSpec{{
			Title: "Daily standup 每日站会", HostUserID: "weilin", RoomCode: "402118836",
			Members: []string{"alice", "bob", "zhangsan", "heidi", "erin"},
			CoHosts: []string{"heidi"},
		}}},
}

// seed fills one organisation's directory and meetings, unionIds starting
// with unionPfx, and returns the meetings' conferenceIds.
func seed(emu *dingtalktest.Server, unionPfx string, meetings []dingtalktest.MeetingSpec) []string {
	for _, p := range demoPeople {
		emu.AddUser(dingtalktest.User{UserID: p.ID, UnionID: unionPfx + p.ID, Name: p.Name, External: p.External})
	}
	ids := make([]string, len(meetings))
	for i, m := range meetings {
		ids[i] = emu.AddMeeting(m)
	}
	return ids
}

// seedOrgs seeds the demo organisation, or with thirdParty the two demo
// organisations (emu is the first; the second is added).
func seedOrgs(emu *dingtalktest.Server, thirdParty bool) []*sandboxOrg {
	if !thirdParty {
		spec := orgSpec{UnionPfx: "union-", Meetings: demoMeetings}
		return []*sandboxOrg{{orgSpec: spec, emu: emu, seeded: seed(emu, spec.UnionPfx, spec.Meetings)}}
	}
	orgs := make([]*sandboxOrg, len(demoOrgs))
	for i, spec := range demoOrgs {
		org := emu
		if i > 0 {
			org = emu.AddOrg(spec.CorpID)
		}
		orgs[i] = &sandboxOrg{orgSpec: spec, emu: org, seeded: seed(org, spec.UnionPfx, spec.Meetings)}
	}
	return orgs
}
