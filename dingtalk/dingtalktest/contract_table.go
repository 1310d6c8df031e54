package dingtalktest

// The contract table, transcribed from the official SDK's models (the official
// SDK's request and response models) and, where the models give no value
// list, from docs/wire-contract.md. Field specs are "path:kind", kind one of
// s(tring) i(nteger) b(oolean) o(bject) a (list) m(ap); "x[].y" is key y of
// every item of list x. Choices no source confirms are listed in doc.go.

const (
	confBase = "/v1.0/conference"
	vcBase   = confBase + "/videoConferences"
	vcOne    = vcBase + "/{conferenceId}"
)

// Enumerations.
var (
	// msgKeys is the robot msgKey catalogue of docs/wire-contract.md §3.2 (13 keys;
	// there is no sampleActionCard1).
	msgKeys = []string{"sampleText", "sampleMarkdown", "sampleImageMsg", "sampleLink", "sampleActionCard",
		"sampleActionCard2", "sampleActionCard3", "sampleActionCard4", "sampleActionCard5", "sampleActionCard6",
		"sampleAudio", "sampleFile", "sampleVideo"}
	// recordModes and windowPositions are the cloud-recording layouts of
	// docs/wire-contract.md §7.1.
	recordModes     = []string{"grid", "speech", "full_screen"}
	windowPositions = []string{"relative_right", "float_right", "float_bottom"}
	zeroOne         = []string{"0", "1"}
)

func contractTable() []contract {
	var all []contract
	for _, part := range [][]contract{tokenContracts(), conferenceContracts(), scheduleContracts(),
		recordingContracts(), robotContracts(), cardContracts(), referenceContracts()} {
		all = append(all, part...)
	}
	return all
}

func tokenContracts() []contract {
	return []contract{
		api("GetAccessToken", "POST /v1.0/oauth2/accessToken").b("appKey:s"),
		api("GetCorpAccessToken", "POST /v1.0/oauth2/corpAccessToken").
			b("authCorpId:s", "suiteKey:s", "suiteSecret:s", "suiteTicket:s"),
		api("GetSuiteAccessToken", "POST /v1.0/oauth2/suiteAccessToken").b("suiteKey:s", "suiteSecret:s", "suiteTicket:s"),
	}
}

// conferenceContracts: instant meetings, their control and queries.
func conferenceContracts() []contract {
	return []contract{
		api("CloseVideoConference", "DELETE "+vcOne).q("unionId:s").out("code:i"),
		api("Cohosts", "POST "+vcOne+"/coHosts/set").b("action:s", "userList:a", "userList[].unionId:s").
			enum("action:s", "add", "remove"),
		api("CreateAutoLoginUrl", "POST "+vcBase+"/createAutoLoginUrl").b("meetingUrl:s", "unionId:s"),
		api("CreateVideoConference", "POST "+vcBase).b("confTitle:s", "userId:s").out("conferenceId:s"),
		api("Focus", "POST "+vcOne+"/focus").b("action:s", "unionId:s").enum("action:s", "focus", "un_focus"),
		api("GetConfDataByConferenceId", "GET "+vcOne+"/infos").q("realData:b"),
		api("GetConfDetailData", "GET "+vcOne+"/details"),
		api("GetHistoryConfDataList", "GET "+vcBase+"/histories/dataLists").q("endTime:i", "realData:b", "startTime:i"),
		api("GetUserLastMetric", "POST "+vcOne+"/lastMetricDatas/query").b("unionIdList:a"),
		api("GetUserMetricData", "GET "+vcOne+"/metricDatas").q("beginTime:i", "endTime:i", "unionId:s"),
		api("InviteMcu", "POST "+vcBase+"/mcus/invite").b("mcuRoomCode:s", "roomCode:s", "unionId:s"),
		api("InviteUsers", "POST "+vcOne+"/users/invite").b("inviteeList[].nick:s"),
		api("KickMembers", "POST "+vcOne+"/members/kick").b("userList:a", "userList[].unionId:s"),
		api("LockConference", "POST "+vcOne+"/lock").b("action:s").enum("action:s", "lock", "unlock"),
		api("MuteAll", "POST "+vcOne+"/allMembers/mute").b("action:s").enum("action:s", "mute", "un_mute"),
		api("MuteMembers", "POST "+vcOne+"/members/mute").b("action:s", "userList:a", "userList[].unionId:s").
			enum("action:s", "mute", "un_mute"),
		api("QueryConferenceInfo", "GET "+vcOne),
		api("QueryConferenceInfoBatch", "POST "+vcBase+"/query").b("conferenceIdList:a"),
		api("QueryConferenceInfoByRoomCode", "GET "+confBase+"/roomCodes/{roomCode}/infos"),
		api("QueryConferenceMembers", "GET "+vcOne+"/members"),
		api("QueryOrgConferenceList", "GET "+confBase+"/orgConferences"),
		api("QueryUserOnGoingConference", "GET "+confBase+"/users/lists").q("unionId:s"),
		api("SetSubtitleEvent", "POST "+vcOne+"/subtitleEvents").b("enable:b"),
		api("UpdateMemberNick", "POST "+vcOne+"/members/updateNick").b("nick:s", "unionId:s"),
		api("UpdateVideoConferenceExtInfo", "PUT "+vcOne+"/extInfo"),
		api("UpdateVideoConferenceSetting", "PUT "+vcOne),
	}
}

// scheduleContracts: scheduled meetings and their settings.
func scheduleContracts() []contract {
	const sched = confBase + "/scheduleConferences"
	return []contract{
		api("CancelScheduleConference", "POST "+sched+"/cancel").b("creatorUnionId:s", "scheduleConferenceId:s"),
		api("CreateCustomShortLink", "POST "+confBase+"/customShortLinks").
			b("coolAppCode:s", "creatorUnionId:s", "scheduleConferenceId:s"),
		withSettingEnums(api("CreateScheduleConference", "POST "+sched).
			b("creatorUnionId:s", "endTime:i", "startTime:i", "title:s")),
		api("QueryScheduleConfSettings", "GET "+sched+"/settings").q("scheduleConferenceId:s"),
		api("QueryScheduleConference", "GET "+sched+"/{scheduleConferenceId}/infos").q("requestUnionId:s"),
		api("QueryScheduleConferenceInfo", "GET "+vcBase+"/scheduleConferences/{scheduleConferenceId}").out("nextToken:s"),
		withSettingEnums(api("UpdateScheduleConfSettings", "PUT "+sched+"/settings").
			b("creatorUnionId:s", "scheduleConferenceId:s")),
		api("UpdateScheduleConference", "PUT "+sched).
			b("creatorUnionId:s", "endTime:i", "scheduleConferenceId:s", "startTime:i", "title:s"),
	}
}

// withSettingEnums adds the value lists the SDK's examples spell out for
// scheduleConfSettingModel (each example lists every value with its meaning).
func withSettingEnums(c contract) contract {
	const m = "scheduleConfSettingModel."
	const rec, virt = m + "moziConfOpenRecordSetting.", m + "moziConfVirtualExtraSetting."
	c = c.enum(m+"lockRoom:i", zeroOne...).enum(m+"screenShareForbidden:i", zeroOne...).
		enum(m+"muteOnJoin:i", "-1", "0", "6").
		enum(rec+"mode:s", "grid", "speech", "full_screen", "auto_grid").
		enum(rec+"recordAutoStart:i", zeroOne...).enum(rec+"recordAutoStartType:i", "0", "1", "2").
		enum(virt+"moziConfExtensionAppSettings[].autoOpenMode:i", "0", "1", "2")
	for _, flag := range []string{"enableChat", "joinBeforeHost", "lockMediaStatusMicMute", "lockNick", "waitingRoom"} {
		c = c.enum(virt+flag+":i", zeroOne...)
	}
	return c
}

// recordingContracts: cloud recording, AI notes (flash minutes), minutes and
// live stream-out.
func recordingContracts() []contract {
	return []contract{
		api("AddRecordPermission", "POST "+vcOne+"/flashMinutes/recordPermissions").
			b("bizType:s", "ownerUnionId:s", "unionId:s"),
		api("GenerateFlashMinutesDocumentUrl", "GET "+vcOne+"/flashMinutes/document/generate").q("bizType:s", "unionId:s"),
		api("OptRecordWhiteAccount", "POST "+vcBase+"/enterpriseSetting/record/whiteAccount"),
		api("QueryCloudRecordText", "GET "+vcOne+"/cloudRecords/getTexts"),
		api("QueryCloudRecordVideo", "GET "+vcOne+"/cloudRecords/getVideos").q("unionId:s"),
		api("QueryCloudRecordVideoPlayInfo", "GET "+vcOne+"/cloudRecords/videos/getPlayInfos").
			q("mediaId:s", "regionId:s", "unionId:s"),
		api("QueryFlashMinutesSummary", "GET "+vcOne+"/flashMinutes/summaries").q("bizType:s", "recorderUnionId:s"),
		api("QueryMinutesAudio", "GET "+vcOne+"/minutes/audioInfos").q("unionId:s"),
		api("QueryMinutesMeetingResult", "GET "+vcOne+"/minutes/meetingResult").q("unionId:s"),
		api("QueryMinutesSummary", "POST "+vcOne+"/minutes/summaries/query").b("unionId:s"),
		api("QueryMinutesText", "GET "+vcOne+"/minutes/textInfos").q("direction:s"),
		api("QueryRecordMinutesUrl", "GET "+vcOne+"/flashMinutes/recordUrls").q("bizType:s", "recorderUnionId:s"),
		api("StartCloudRecord", "POST "+vcOne+"/cloudRecords/start").b("unionId:s").
			enum("mode:s", recordModes...).enum("smallWindowPosition:s", windowPositions...),
		api("StartMinutes", "POST "+vcOne+"/minutes/start"),
		api("StartStreamOut", "POST "+vcOne+"/streamOuts/start").
			b("mode:s", "needHostJoin:b", "smallWindowPosition:s", "streamName:s", "streamUrlList:a", "unionId:s").
			enum("mode:s", recordModes...).enum("smallWindowPosition:s", windowPositions...),
		api("StopCloudRecord", "POST "+vcOne+"/cloudRecords/stop").b("unionId:s"),
		api("StopMinutes", "POST "+vcOne+"/minutes/pause").b("unionId:s"),
		api("StopStreamOut", "POST "+vcOne+"/streamOuts/stop").b("stopAllStream:b", "streamId:s", "unionId:s").out("code:s"),
	}
}

func robotContracts() []contract {
	return []contract{
		api("BatchSendOTO", "POST /v1.0/robot/oToMessages/batchSend").
			b("msgKey:s", "msgParam:s", "robotCode:s", "userIds:a").enum("msgKey:s", msgKeys...),
		api("OrgGroupSend", "POST /v1.0/robot/groupMessages/send").b("msgKey:s", "msgParam:s").
			enum("msgKey:s", msgKeys...).out("processQueryKey:s"),
		api("SendRobotDingMessage", "POST /v1.0/robot/dingMessages/send").
			b("contentParams:m", "dingTemplateId:s", "openConversationId:s", "receiverUserIdList:a", "robotCode:s").
			out("dingSendResultId:s"),
	}
}

func cardContracts() []contract {
	return []contract{
		api("CreateAndDeliver", "POST /v1.0/card/instances/createAndDeliver").
			b("cardData:o", "cardTemplateId:s", "openSpaceId:s", "outTrackId:s").
			enum("callbackType:s", "STREAM", "HTTP").enum("userIdType:i", "1", "2"),
		api("CreateCard", "POST /v1.0/card/instances").b("cardData:o", "cardTemplateId:s", "outTrackId:s").
			enum("callbackType:s", "STREAM", "HTTP").enum("userIdType:i", "1", "2"),
		api("DeliverCard", "POST /v1.0/card/instances/deliver").b("openSpaceId:s", "outTrackId:s").
			enum("userIdType:i", "1", "2"),
		api("UpdateCard", "PUT /v1.0/card/instances").b("outTrackId:s").enum("userIdType:i", "1", "2"),
	}
}

// referenceContracts are endpoints outside the official SDK's models whose
// required fields docs/wire-contract.md gives: the stream gateway (§1.1).
func referenceContracts() []contract {
	return []contract{
		api("OpenConnection", "POST /v1.0/gateway/connections/open").
			b("clientId:s", "clientSecret:s", "subscriptions:a", "subscriptions[].type:s", "subscriptions[].topic:s").
			enum("subscriptions[].type:s", "SYSTEM", "EVENT", "CALLBACK"),
	}
}

// modelActions is how many endpoints the official SDK's models describes.
const modelActions = 62
