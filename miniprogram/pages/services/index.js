// 服务 tab. The services API (issue 5: catalog, reservations, payment) is not built yet,
// so this tab says so and lists nothing rather than showing a made-up catalogue.
const elder = require('../../behaviors/elder')

Component({
  behaviors: [elder],
  data: {
    categories: [],
  },
})
