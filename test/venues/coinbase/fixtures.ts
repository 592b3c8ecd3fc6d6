// Replies and frames the local venue's Coinbase dialect produced (`quantdeck sim --dialect coinbase`,
// seed "fixtures"), captured through the adapter by one engine session: a market buy, a resting limit
// buy found, listed and cancelled, two refusals, fills, accounts, key_permissions; the user and market
// sockets' frames and one level2 update. Products cut to two, level2 updates to three.

export const TIME = {
  "iso": "2026-12-07T12:36:04.817Z",
  "epochSeconds": "1796646964",
  "epochMillis": "1796646964817"
};

export const PRODUCTS = {
  "products": [
    {
      "product_id": "BTC-USD",
      "price": "65000",
      "price_percentage_change_24h": "0",
      "volume_24h": "0",
      "volume_percentage_change_24h": "0",
      "base_increment": "0.00000001",
      "quote_increment": "0.01",
      "quote_min_size": "1",
      "quote_max_size": "150000000",
      "base_min_size": "0.00000001",
      "base_max_size": "3400",
      "base_name": "Bitcoin",
      "quote_name": "US Dollar",
      "watched": false,
      "is_disabled": false,
      "new": false,
      "status": "online",
      "cancel_only": false,
      "limit_only": false,
      "post_only": false,
      "trading_disabled": false,
      "auction_mode": false,
      "product_type": "SPOT",
      "quote_currency_id": "USD",
      "base_currency_id": "BTC",
      "mid_market_price": "65000",
      "alias": "",
      "alias_to": [],
      "base_display_symbol": "BTC",
      "quote_display_symbol": "USD",
      "view_only": false,
      "price_increment": "0.01",
      "display_name": "BTC-USD",
      "product_venue": "CBE",
      "approximate_quote_24h_volume": "0"
    },
    {
      "product_id": "XRP-USD",
      "price": "0.6",
      "price_percentage_change_24h": "0",
      "volume_24h": "0",
      "volume_percentage_change_24h": "0",
      "base_increment": "0.000001",
      "quote_increment": "0.0001",
      "quote_min_size": "1",
      "quote_max_size": "150000000",
      "base_min_size": "0.000001",
      "base_max_size": "1800000",
      "base_name": "XRP",
      "quote_name": "US Dollar",
      "watched": false,
      "is_disabled": false,
      "new": false,
      "status": "online",
      "cancel_only": false,
      "limit_only": false,
      "post_only": false,
      "trading_disabled": false,
      "auction_mode": false,
      "product_type": "SPOT",
      "quote_currency_id": "USD",
      "base_currency_id": "XRP",
      "mid_market_price": "0.6",
      "alias": "",
      "alias_to": [],
      "base_display_symbol": "XRP",
      "quote_display_symbol": "USD",
      "view_only": false,
      "price_increment": "0.0001",
      "display_name": "XRP-USD",
      "product_venue": "CBE",
      "approximate_quote_24h_volume": "0"
    }
  ],
  "num_products": 2
};

export const CREATE_OK = {
  "success": true,
  "failure_reason": "UNKNOWN_FAILURE_REASON",
  "order_id": "0000c0de-0000-4000-8000-0000ee6b2802",
  "success_response": {
    "order_id": "0000c0de-0000-4000-8000-0000ee6b2802",
    "product_id": "BTC-USD",
    "side": "BUY",
    "client_order_id": "qdr2kc610Vd7TZDY1"
  },
  "order_configuration": {
    "limit_limit_gtc": {
      "base_size": "0.002",
      "limit_price": "58441.19",
      "post_only": false
    }
  }
};

export const CREATE_INSUFFICIENT = {
  "success": false,
  "failure_reason": "UNKNOWN_FAILURE_REASON",
  "order_id": "",
  "error_response": {
    "error": "INSUFFICIENT_FUND",
    "message": "Insufficient balance in source account",
    "error_details": "",
    "preview_failure_reason": "PREVIEW_INSUFFICIENT_FUND",
    "new_order_failure_reason": "INSUFFICIENT_FUND"
  },
  "order_configuration": {
    "limit_limit_gtc": {
      "base_size": "100",
      "limit_price": "58441.19",
      "post_only": false
    }
  }
};

export const CREATE_POST_ONLY = {
  "success": false,
  "failure_reason": "UNKNOWN_FAILURE_REASON",
  "order_id": "",
  "error_response": {
    "error": "INVALID_LIMIT_PRICE_POST_ONLY",
    "message": "Limit price too aggressive for a post-only order",
    "error_details": "",
    "preview_failure_reason": "PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY",
    "new_order_failure_reason": "INVALID_LIMIT_PRICE_POST_ONLY"
  },
  "order_configuration": {
    "limit_limit_gtc": {
      "base_size": "0.001",
      "limit_price": "68181.38",
      "post_only": true
    }
  }
};

export const ORDER_OPEN = {
  "order": {
    "order_id": "0000c0de-0000-4000-8000-0000ee6b2802",
    "product_id": "BTC-USD",
    "user_id": "account-1",
    "order_configuration": {
      "limit_limit_gtc": {
        "base_size": "0.002",
        "limit_price": "58441.19",
        "post_only": false
      }
    },
    "side": "BUY",
    "client_order_id": "qdr2kc610Vd7TZDY1",
    "status": "OPEN",
    "time_in_force": "GOOD_UNTIL_CANCELLED",
    "created_time": "2026-12-07T12:36:06.488Z",
    "completion_percentage": "0",
    "filled_size": "0",
    "average_filled_price": "0",
    "fee": "",
    "number_of_fills": "0",
    "filled_value": "0",
    "pending_cancel": false,
    "size_in_quote": false,
    "total_fees": "0",
    "size_inclusive_of_fees": false,
    "total_value_after_fees": "0",
    "trigger_status": "INVALID_ORDER_TYPE",
    "order_type": "LIMIT",
    "reject_reason": "REJECT_REASON_UNSPECIFIED",
    "settled": false,
    "product_type": "SPOT",
    "reject_message": "",
    "cancel_message": "",
    "order_placement_source": "RETAIL_ADVANCED",
    "outstanding_hold_amount": "0",
    "is_liquidation": false,
    "last_fill_time": null,
    "edit_history": [],
    "leverage": "",
    "margin_type": "UNKNOWN_MARGIN_TYPE",
    "retail_portfolio_id": ""
  }
};

export const ORDERS_BY_PRODUCT = {
  "orders": [
    {
      "order_id": "0000c0de-0000-4000-8000-0000ee6b2801",
      "product_id": "BTC-USD",
      "user_id": "account-1",
      "order_configuration": {
        "market_market_ioc": {
          "base_size": "0.001"
        }
      },
      "side": "BUY",
      "client_order_id": "qdr2kc610Vd7TZDY0",
      "status": "FILLED",
      "time_in_force": "IMMEDIATE_OR_CANCEL",
      "created_time": "2026-12-07T12:36:06.380Z",
      "completion_percentage": "100",
      "filled_size": "0.001",
      "average_filled_price": "64952.29",
      "fee": "",
      "number_of_fills": "1",
      "filled_value": "64.95229",
      "pending_cancel": false,
      "size_in_quote": false,
      "total_fees": "0.77942748",
      "size_inclusive_of_fees": false,
      "total_value_after_fees": "65.73171748",
      "trigger_status": "INVALID_ORDER_TYPE",
      "order_type": "MARKET",
      "reject_reason": "REJECT_REASON_UNSPECIFIED",
      "settled": true,
      "product_type": "SPOT",
      "reject_message": "",
      "cancel_message": "",
      "order_placement_source": "RETAIL_ADVANCED",
      "outstanding_hold_amount": "0",
      "is_liquidation": false,
      "last_fill_time": "2026-12-07T12:36:06.381Z",
      "edit_history": [],
      "leverage": "",
      "margin_type": "UNKNOWN_MARGIN_TYPE",
      "retail_portfolio_id": ""
    }
  ],
  "sequence": "0",
  "has_next": false,
  "cursor": ""
};

export const OPEN_ORDERS = {
  "orders": [
    {
      "order_id": "0000c0de-0000-4000-8000-0000ee6b2802",
      "product_id": "BTC-USD",
      "user_id": "account-1",
      "order_configuration": {
        "limit_limit_gtc": {
          "base_size": "0.002",
          "limit_price": "58441.19",
          "post_only": false
        }
      },
      "side": "BUY",
      "client_order_id": "qdr2kc610Vd7TZDY1",
      "status": "OPEN",
      "time_in_force": "GOOD_UNTIL_CANCELLED",
      "created_time": "2026-12-07T12:36:06.488Z",
      "completion_percentage": "0",
      "filled_size": "0",
      "average_filled_price": "0",
      "fee": "",
      "number_of_fills": "0",
      "filled_value": "0",
      "pending_cancel": false,
      "size_in_quote": false,
      "total_fees": "0",
      "size_inclusive_of_fees": false,
      "total_value_after_fees": "0",
      "trigger_status": "INVALID_ORDER_TYPE",
      "order_type": "LIMIT",
      "reject_reason": "REJECT_REASON_UNSPECIFIED",
      "settled": false,
      "product_type": "SPOT",
      "reject_message": "",
      "cancel_message": "",
      "order_placement_source": "RETAIL_ADVANCED",
      "outstanding_hold_amount": "0",
      "is_liquidation": false,
      "last_fill_time": null,
      "edit_history": [],
      "leverage": "",
      "margin_type": "UNKNOWN_MARGIN_TYPE",
      "retail_portfolio_id": ""
    }
  ],
  "sequence": "0",
  "has_next": false,
  "cursor": ""
};

export const CANCEL_OK = {
  "results": [
    {
      "success": true,
      "failure_reason": "UNKNOWN_CANCEL_FAILURE_REASON",
      "order_id": "0000c0de-0000-4000-8000-0000ee6b2802"
    }
  ]
};

export const CANCEL_UNKNOWN = {
  "results": [
    {
      "success": false,
      "failure_reason": "UNKNOWN_CANCEL_ORDER",
      "order_id": "0000c0de-0000-4000-8000-0000ee6b2802"
    }
  ]
};

export const ACCOUNTS = {
  "accounts": [
    {
      "uuid": "c27e8107-7349-4140-ac7e-d7b0009a7861",
      "name": "USD Wallet",
      "currency": "USD",
      "available_balance": {
        "value": "99815.98331396",
        "currency": "USD"
      },
      "default": true,
      "active": true,
      "created_at": "2026-12-07T12:36:06.381Z",
      "updated_at": "2026-12-07T12:36:06.381Z",
      "deleted_at": null,
      "type": "ACCOUNT_TYPE_FIAT",
      "ready": true,
      "hold": {
        "value": "118.28496856",
        "currency": "USD"
      },
      "retail_portfolio_id": "19b14981-a6cb-489e-a989-a9c97cf43cc8"
    },
    {
      "uuid": "99afb18f-37d1-484c-a589-e651f7cc4b23",
      "name": "BTC Wallet",
      "currency": "BTC",
      "available_balance": {
        "value": "1.001",
        "currency": "BTC"
      },
      "default": false,
      "active": true,
      "created_at": "2026-12-07T12:36:06.381Z",
      "updated_at": "2026-12-07T12:36:06.381Z",
      "deleted_at": null,
      "type": "ACCOUNT_TYPE_CRYPTO",
      "ready": true,
      "hold": {
        "value": "0",
        "currency": "BTC"
      },
      "retail_portfolio_id": "19b14981-a6cb-489e-a989-a9c97cf43cc8"
    },
    {
      "uuid": "d0ee998a-dcda-41dc-af52-99722bdd748d",
      "name": "ETH Wallet",
      "currency": "ETH",
      "available_balance": {
        "value": "10",
        "currency": "ETH"
      },
      "default": false,
      "active": true,
      "created_at": "2026-12-07T12:36:06.381Z",
      "updated_at": "2026-12-07T12:36:06.381Z",
      "deleted_at": null,
      "type": "ACCOUNT_TYPE_CRYPTO",
      "ready": true,
      "hold": {
        "value": "0",
        "currency": "ETH"
      },
      "retail_portfolio_id": "19b14981-a6cb-489e-a989-a9c97cf43cc8"
    }
  ],
  "has_next": false,
  "cursor": "",
  "size": 3
};

export const FILLS = {
  "fills": [
    {
      "entry_id": "0000f111-0000-4000-8000-000029b92701",
      "trade_id": "0000f111-0000-4000-8000-000029b92701",
      "order_id": "0000c0de-0000-4000-8000-0000ee6b2801",
      "trade_time": "2026-12-07T12:36:06.381Z",
      "trade_type": "FILL",
      "price": "64952.29",
      "size": "0.001",
      "commission": "0.77942748",
      "product_id": "BTC-USD",
      "sequence_timestamp": "2026-12-07T12:36:06.381Z",
      "liquidity_indicator": "TAKER",
      "size_in_quote": false,
      "user_id": "account-1",
      "side": "BUY",
      "retail_portfolio_id": ""
    }
  ],
  "cursor": ""
};

export const KEY_PERMISSIONS = {
  "can_view": true,
  "can_trade": true,
  "can_transfer": false,
  "portfolio_uuid": "19b14981-a6cb-489e-a989-a9c97cf43cc8",
  "portfolio_type": "DEFAULT"
};

export const NOT_FOUND = {
  "error": "NOT_FOUND",
  "error_details": "order with this orderID was not found",
  "message": "order with this orderID was not found"
};

export const USER_SNAPSHOT = "{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:04.950Z\",\"sequence_num\":0,\"events\":[{\"type\":\"snapshot\",\"orders\":[]}]}";

export const SUBSCRIPTIONS = "{\"channel\":\"subscriptions\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:04.951Z\",\"sequence_num\":2,\"events\":[{\"subscriptions\":{\"heartbeats\":[],\"user\":[]}}]}";

export const HEARTBEAT = "{\"channel\":\"heartbeats\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:05.785Z\",\"sequence_num\":3,\"events\":[{\"current_time\":\"2026-12-07 12:36:05.785 +0000 UTC\",\"heartbeat_counter\":\"1\"}]}";

export const USER_MARKET_OPEN = "{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:06.380Z\",\"sequence_num\":4,\"events\":[{\"type\":\"update\",\"orders\":[{\"order_id\":\"0000c0de-0000-4000-8000-0000ee6b2801\",\"client_order_id\":\"qdr2kc610Vd7TZDY0\",\"product_id\":\"BTC-USD\",\"product_type\":\"SPOT\",\"order_side\":\"BUY\",\"order_type\":\"Market\",\"status\":\"OPEN\",\"time_in_force\":\"IMMEDIATE_OR_CANCEL\",\"post_only\":\"false\",\"limit_price\":\"\",\"avg_price\":\"0\",\"cumulative_quantity\":\"0\",\"leaves_quantity\":\"0.001\",\"filled_value\":\"0\",\"number_of_fills\":\"0\",\"total_fees\":\"0\",\"total_value_after_fees\":\"0\",\"completion_percentage\":\"0\",\"cancel_reason\":\"\",\"reject_reason\":\"\",\"creation_time\":\"2026-12-07T12:36:06.380Z\",\"end_time\":\"\"}]}]}";

export const USER_MARKET_FILLED = "{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:06.381Z\",\"sequence_num\":5,\"events\":[{\"type\":\"update\",\"orders\":[{\"order_id\":\"0000c0de-0000-4000-8000-0000ee6b2801\",\"client_order_id\":\"qdr2kc610Vd7TZDY0\",\"product_id\":\"BTC-USD\",\"product_type\":\"SPOT\",\"order_side\":\"BUY\",\"order_type\":\"Market\",\"status\":\"FILLED\",\"time_in_force\":\"IMMEDIATE_OR_CANCEL\",\"post_only\":\"false\",\"limit_price\":\"\",\"avg_price\":\"64952.29\",\"cumulative_quantity\":\"0.001\",\"leaves_quantity\":\"0\",\"filled_value\":\"64.95229\",\"number_of_fills\":\"1\",\"total_fees\":\"0.77942748\",\"total_value_after_fees\":\"65.73171748\",\"completion_percentage\":\"100\",\"cancel_reason\":\"\",\"reject_reason\":\"\",\"creation_time\":\"2026-12-07T12:36:06.380Z\",\"end_time\":\"2026-12-07T12:36:06.381Z\"}]}]}";

export const USER_LIMIT_OPEN = "{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:06.488Z\",\"sequence_num\":6,\"events\":[{\"type\":\"update\",\"orders\":[{\"order_id\":\"0000c0de-0000-4000-8000-0000ee6b2802\",\"client_order_id\":\"qdr2kc610Vd7TZDY1\",\"product_id\":\"BTC-USD\",\"product_type\":\"SPOT\",\"order_side\":\"BUY\",\"order_type\":\"Limit\",\"status\":\"OPEN\",\"time_in_force\":\"GOOD_UNTIL_CANCELLED\",\"post_only\":\"false\",\"limit_price\":\"58441.19\",\"avg_price\":\"0\",\"cumulative_quantity\":\"0\",\"leaves_quantity\":\"0.002\",\"filled_value\":\"0\",\"number_of_fills\":\"0\",\"total_fees\":\"0\",\"total_value_after_fees\":\"0\",\"completion_percentage\":\"0\",\"cancel_reason\":\"\",\"reject_reason\":\"\",\"creation_time\":\"2026-12-07T12:36:06.488Z\",\"end_time\":\"\"}]}]}";

export const USER_LIMIT_CANCELLED = "{\"channel\":\"user\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:06.541Z\",\"sequence_num\":7,\"events\":[{\"type\":\"update\",\"orders\":[{\"order_id\":\"0000c0de-0000-4000-8000-0000ee6b2802\",\"client_order_id\":\"qdr2kc610Vd7TZDY1\",\"product_id\":\"BTC-USD\",\"product_type\":\"SPOT\",\"order_side\":\"BUY\",\"order_type\":\"Limit\",\"status\":\"CANCELLED\",\"time_in_force\":\"GOOD_UNTIL_CANCELLED\",\"post_only\":\"false\",\"limit_price\":\"58441.19\",\"avg_price\":\"0\",\"cumulative_quantity\":\"0\",\"leaves_quantity\":\"0\",\"filled_value\":\"0\",\"number_of_fills\":\"0\",\"total_fees\":\"0\",\"total_value_after_fees\":\"0\",\"completion_percentage\":\"0\",\"cancel_reason\":\"User requested cancel\",\"reject_reason\":\"\",\"creation_time\":\"2026-12-07T12:36:06.488Z\",\"end_time\":\"2026-12-07T12:36:06.540Z\"}]}]}";

export const TICKER_SNAPSHOT = "{\"channel\":\"ticker\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:05.009Z\",\"sequence_num\":0,\"events\":[{\"type\":\"snapshot\",\"tickers\":[{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"price\":\"64994.83\",\"volume_24_h\":\"0.05780588\",\"low_24_h\":\"64994.83\",\"high_24_h\":\"65000\",\"price_percent_chg_24_h\":\"-0.00795385\",\"best_bid\":\"64994.83\",\"best_bid_quantity\":\"0.61312166\",\"best_ask\":\"64994.84\",\"best_ask_quantity\":\"0.64731435\"}]}]}";

export const TICKER_UPDATE = "{\"channel\":\"ticker\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:05.051Z\",\"sequence_num\":3,\"events\":[{\"type\":\"update\",\"tickers\":[{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"price\":\"64994.83\",\"volume_24_h\":\"0.05780588\",\"low_24_h\":\"64994.83\",\"high_24_h\":\"65000\",\"price_percent_chg_24_h\":\"-0.00795385\",\"best_bid\":\"65002.59\",\"best_bid_quantity\":\"0.45805859\",\"best_ask\":\"65002.6\",\"best_ask_quantity\":\"2.10924654\"}]}]}";

export const L2_UPDATE = "{\"channel\":\"l2_data\",\"client_id\":\"\",\"timestamp\":\"2026-12-07T12:36:06.726Z\",\"sequence_num\":2,\"events\":[{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2026-12-07T12:36:06.726Z\",\"price_level\":\"64922.38\",\"new_quantity\":\"0.97677716\"},{\"side\":\"bid\",\"event_time\":\"2026-12-07T12:36:06.726Z\",\"price_level\":\"64922.37\",\"new_quantity\":\"0.66333944\"},{\"side\":\"bid\",\"event_time\":\"2026-12-07T12:36:06.726Z\",\"price_level\":\"64922.36\",\"new_quantity\":\"2.93573963\"}]}]}";
